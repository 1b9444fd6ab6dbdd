import { getSectionClock } from '@/db/queries/sections';
import { historyCsvResponse } from '@/lib/web/history-response';
import { errorResponse, route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** A section's timeline as CSV, for registrars: 401 signed out, 403 anyone else, 404 no such section. */
export const GET = route({ roles: ['registrar'], id: 'section' }, async ({ id, request }) => {
  if (!(await getSectionClock(id))) return errorResponse('section_not_found');
  return historyCsvResponse(request, { sectionId: id }, `section-${id}-history.csv`);
});
