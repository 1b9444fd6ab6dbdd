import { NextResponse } from 'next/server';
import { z } from 'zod';
import { enrollStudentInSet } from '@/lib/domain/sets';
import { enrollmentJson } from '@/lib/web/enrollment-json';
import { errorResponse, route } from '@/lib/web/route';
import { sectionIdValue } from '@/lib/web/swap-body';

export const dynamic = 'force-dynamic';

const setBody = z.object({ sections: z.array(sectionIdValue).min(1).max(10) });

/**
 * Enroll the signed-in student in every section named, or in none (docs/decisions/0022): 201 {enrollments}; the
 * first refusal, naming the section it is about; 404 sections_not_found naming the unknown ids; 400 mixed_sections.
 */
export const POST = route({ roles: ['student'], body: setBody, sessionCheck: 'statement' }, async ({ user, body, session }) => {
  const result = await enrollStudentInSet(user.id, body.sections, session?.sessionVersion);
  if (!result.ok) {
    const extra = {
      ...(result.sectionId ? { sectionId: result.sectionId } : {}),
      ...(result.missing ? { missing: result.missing } : {}),
    };
    return errorResponse(result.reason, { message: result.message, extra });
  }
  return NextResponse.json({ enrollments: result.value.map(enrollmentJson) }, { status: 201 });
});
