import { NextResponse } from 'next/server';
import { getWaitlistSummary } from '@/db/queries/waitlists';
import type { WaitlistFill } from '@/db/queries/enrollments';
import { enrollmentJson } from '@/lib/web/enrollment-json';
import { enrollStudent, leaveSection } from '@/lib/domain/students';
import { swapSection } from '@/lib/domain/waitlists';
import { errorResponse, refusalResponse, route } from '@/lib/web/route';
import { swapBody } from '@/lib/web/swap-body';

// Pages read seats per request (they depend on the session), so there is no page cache to revalidate here.
export const dynamic = 'force-dynamic';

/**
 * Enroll the signed-in student: 201, or 409 section_full (with the waitlist) / already_enrolled / a rule's refusal,
 * 403 registration closed. With `{"swapFrom": id}` the seat in that section is released in the same transaction, or
 * nothing changes. The student is the session's, never the body's.
 */
export const POST = route(
  { roles: ['student'], id: 'section', body: swapBody, sessionCheck: 'statement' },
  async ({ user, id, body, session }) => {
    // The enroll statement checks the session itself (docs/decisions/0016); a swap's transaction asks first.
    if (body.swapFrom !== undefined && session && !(await session.confirm())) return errorResponse('unauthenticated');
    const result =
      body.swapFrom === undefined
        ? await enrollStudent(user.id, id, session?.sessionVersion)
        : await swapSection(user.id, id, body.swapFrom);
    if (!result.ok) {
      if (result.reason !== 'section_full') return refusalResponse(result);
      // The enroll statement read the fill when it found the section full; a seat lost to the CHECK did not.
      const read = 'waitlist' in result ? (result.waitlist as WaitlistFill | undefined) : undefined;
      const waitlist = read ?? (await getWaitlistSummary(id));
      return errorResponse(result.reason, {
        message: result.message,
        extra: { waitlist: { open: !!waitlist && waitlist.length < waitlist.capacity, length: waitlist?.length ?? 0 } },
      });
    }
    return NextResponse.json(enrollmentJson(result.value), {
      status: 201,
      headers: { Location: `/api/sections/${id}/enrollments` },
    });
  },
);

/** Drop (before the drop deadline) or withdraw (until the withdrawal deadline) the signed-in student's enrollment. */
export const DELETE = route({ roles: ['student'], id: 'section' }, async ({ user, id }) => {
  const result = await leaveSection(user.id, id);
  if (!result.ok) return refusalResponse(result);
  // A member of a set releases the whole set: `enrollments` lists every seat left (docs/decisions/0022).
  return NextResponse.json({
    action: result.value.mode,
    enrollment: enrollmentJson(result.value.enrollment),
    enrollments: result.value.released.map(enrollmentJson),
  });
});
