import { NextResponse } from 'next/server';
import { readLiveSections } from '@/db/queries/live';
import { liveView } from '@/lib/live/seats-poller';
import { liveQuery } from '@/lib/web/live-query';
import { route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/live/seats?sections=1,2,3: the same views as the stream, once, as JSON: what the page polls when its
 * stream keeps failing (docs/decisions/0013).
 */
export const GET = route({ roles: [], query: liveQuery }, async ({ user, query: { sections } }) => {
  const studentId = user.role === 'student' ? user.id : null;
  const rows = await readLiveSections(sections, studentId === null ? [] : [studentId]);
  return NextResponse.json(
    { sections: rows.map((row) => liveView(row, studentId)) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
