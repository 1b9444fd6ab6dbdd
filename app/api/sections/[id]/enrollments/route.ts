import { NextResponse } from 'next/server';
import { z } from 'zod';
import type { Enrollment } from '@/db/schema';
import { enrollStudent, leaveSection } from '@/lib/domain/students';
import { refusalResponse, sectionRoute } from '@/lib/web/route';

// Pages read seats per request (they depend on the session), so there is no page cache to revalidate here.
export const dynamic = 'force-dynamic';

const enrollmentJson = (e: Enrollment) => ({
  id: e.id,
  studentId: e.studentId,
  sectionId: e.sectionId,
  status: e.completionStatus,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

/** Enroll the signed-in student: 201, or 409 section_full / already_enrolled, 403 registration closed. */
// The student is the session's, never the body's: the body has no fields yet, but garbage in it is refused.
export const POST = sectionRoute({ roles: ['student'], body: z.object({}) }, async ({ user, id }) => {
  const result = await enrollStudent(user.id, id);
  if (!result.ok) return refusalResponse(result);
  return NextResponse.json(enrollmentJson(result.value), {
    status: 201,
    headers: { Location: `/api/sections/${id}/enrollments` },
  });
});

/** Drop (before the drop deadline) or withdraw (until the withdrawal deadline) the signed-in student's enrollment. */
export const DELETE = sectionRoute({ roles: ['student'] }, async ({ user, id }) => {
  const result = await leaveSection(user.id, id);
  if (!result.ok) return refusalResponse(result);
  return NextResponse.json({ action: result.value.mode, enrollment: enrollmentJson(result.value.enrollment) });
});
