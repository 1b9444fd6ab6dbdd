import { NextResponse } from 'next/server';
import { getRoster, ROSTER_SORTS, type RosterSort } from '@/db/queries/roster';
import { errorResponse, sectionRoute } from '@/lib/api';
import { attachmentDisposition } from '@/lib/csv';
import { rosterCsvStream, rosterFileName } from '@/lib/roster-csv';
import { mayReadRoster } from '@/lib/roster-access';

export const dynamic = 'force-dynamic';

/** The roster as CSV, for that section's instructor and registrars: 401 signed out, 403 anyone else, 404 no such section. */
export const GET = sectionRoute(['instructor', 'registrar'], async ({ user, id, request }) => {
  const requested = new URL(request.url).searchParams.get('sort');
  const sort: RosterSort = (ROSTER_SORTS as readonly string[]).includes(requested ?? '') ? (requested as RosterSort) : 'name';
  const roster = await getRoster(id, sort);
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
