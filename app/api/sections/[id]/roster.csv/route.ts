import { NextResponse } from 'next/server';
import { getRoster, parseRosterSort } from '@/db/queries/rosters';
import { mayReadRoster } from '@/lib/domain/rosters';
import { attachmentDisposition } from '@/lib/web/csv';
import { rosterCsvStream, rosterFileName } from '@/lib/web/roster-csv';
import { errorResponse, route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** The roster as CSV, for that section's instructor and registrars: 401 signed out, 403 anyone else, 404 no such section. */
export const GET = route({ roles: ['instructor', 'registrar'], id: 'section' }, async ({ user, id, request }) => {
  const roster = await getRoster(id, parseRosterSort(new URL(request.url).searchParams.get('sort')));
  if (!roster) return errorResponse('section_not_found');
  if (!mayReadRoster(user, roster.section)) return errorResponse('forbidden');
  return new NextResponse(rosterCsvStream(roster), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachmentDisposition(rosterFileName(roster)),
      // Names and emails of students: never kept by a shared cache.
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
});
