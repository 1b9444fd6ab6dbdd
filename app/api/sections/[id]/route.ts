import { NextResponse } from 'next/server';
import { getSectionSeats } from '@/db/queries/sections';
import { getWaitlistSummary } from '@/db/queries/waitlists';
import { errorResponse, route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

export const GET = route({ roles: [], id: 'section' }, async ({ id, user }) => {
  const section = await getSectionSeats(id);
  if (!section) return errorResponse('section_not_found');
  const student = user.role === 'student';
  const waitlist = await getWaitlistSummary(id, student ? user.id : null);
  return NextResponse.json(
    {
      ...section,
      seatsLeft: Math.max(0, section.capacity - section.enrolledCount),
      waitlist: { capacity: waitlist?.capacity ?? 0, length: waitlist?.length ?? 0 },
      // docs/decisions/0018: the seat released when the student's turn comes, and whether it went stale.
      ...(student ? { myPosition: waitlist?.myPosition ?? null, mySwapFrom: waitlist?.mySwapFrom ?? null } : {}),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
