import { NextResponse } from 'next/server';
import { getSectionSeats } from '@/db/queries/sections';
import { errorResponse, sectionRoute } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

export const GET = sectionRoute({ roles: [] }, async ({ id }) => {
  const section = await getSectionSeats(id);
  if (!section) return errorResponse('section_not_found');
  return NextResponse.json(
    { ...section, seatsLeft: Math.max(0, section.capacity - section.enrolledCount) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
