import { NextResponse } from 'next/server';
import { CATALOG_PAGE_SIZE, listCatalog } from '@/db/queries/sections';
import { currentTerm, findTermByCode } from '@/db/queries/terms';
import { catalogApiQuerySchema } from '@/lib/web/catalog-query';
import { errorResponse, route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/**
 * The catalog as JSON (docs/shared product contract): the page's query function and page size. Without `term`, the
 * current term, as on the page; an unknown code is 404.
 */
export const GET = route({ roles: [], query: catalogApiQuerySchema }, async ({ query }) => {
  const started = performance.now();
  const term = query.term ? await findTermByCode(query.term) : await currentTerm();
  if (!term) return errorResponse('unknown_term');
  const open = query.open === '1' || query.open === 'true';
  const { rows, total, page, pages } = await listCatalog({ termId: term.id, search: query.q, openOnly: open, page: query.page });
  return NextResponse.json(
    {
      term: { code: term.code, name: term.name },
      sections: rows.map((s) => ({
        id: s.id,
        course: { subject: s.course.subject, number: s.course.number, title: s.course.title, credits: s.course.credits },
        code: s.code,
        capacity: s.capacity,
        enrolledCount: s.enrolledCount,
        seatsLeft: Math.max(0, s.capacity - s.enrolledCount),
        meetings: s.meetings,
        waitlist: s.waitlist,
        instructor: s.instructor ? { name: s.instructor.name } : null,
        location: s.location,
      })),
      page,
      pageSize: CATALOG_PAGE_SIZE,
      total,
      pages,
      nextPage: page < pages ? page + 1 : null,
    },
    // The database's share of the answer, for the registration-day bench and anyone profiling (docs/decisions/0015).
    { headers: { 'Cache-Control': 'no-store', 'Server-Timing': `db;dur=${(performance.now() - started).toFixed(1)}` } },
  );
});
