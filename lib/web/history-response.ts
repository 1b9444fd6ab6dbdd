import 'server-only';
import { NextResponse } from 'next/server';
import { listHistory, type HistoryFilter } from '@/db/queries/history';
import { attachmentDisposition } from './csv';
import { historyCsvStream } from './history-csv';
import { parseHistoryFilter } from './history-filter';
import { errorResponse } from './route';

/** A timeline's CSV download: the filters of the query string (400 with field errors when malformed). */
export async function historyCsvResponse(
  request: Request,
  about: Pick<HistoryFilter, 'studentId' | 'sectionId'>,
  fileName: string,
): Promise<Response> {
  const filter = parseHistoryFilter(Object.fromEntries(new URL(request.url).searchParams));
  if (!filter.ok) return errorResponse('invalid_input', { fields: filter.fields });
  const rows = await listHistory({ ...filter.value, ...about });
  return new NextResponse(historyCsvStream(rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachmentDisposition(fileName),
      // Who enrolled where and when: never kept by a shared cache.
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
