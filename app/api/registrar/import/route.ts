import { NextResponse } from 'next/server';
import { z } from 'zod';
import { db } from '@/db/index';
import { IMPORT_KINDS, runImport, summarize, type ImportKind } from '@/lib/import';
import { UPLOAD_LIMIT_BYTES, limitedBytes } from '@/lib/import/limits';
import { errorResponse, route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

const querySchema = z.object({
  kind: z.enum(IMPORT_KINDS as [ImportKind, ...ImportKind[]], 'Choose schedule, students, transcripts or appointments'),
  term: z.string().trim().max(40).optional(),
  mode: z.enum(['preview', 'apply'], 'Use preview or apply'),
});

/**
 * The page's door to lib/import (docs/decisions/0024): the CSV file is the body, streamed through the importer, so a
 * file over the limit is refused before it is read whole. `preview` runs everything and rolls back; `apply` commits.
 */
export const POST = route(
  { roles: ['registrar'], query: querySchema, upload: { limit: UPLOAD_LIMIT_BYTES } },
  async ({ request, query, user }) => {
    if (!request.body) return errorResponse('not_csv', { message: 'The file is empty' });
    const report = await runImport(db(), {
      kind: query.kind,
      source: limitedBytes(request.body, UPLOAD_LIMIT_BYTES),
      ...(query.term ? { termCode: query.term } : {}),
      apply: query.mode === 'apply',
      actorId: user.id,
    });
    const body = { ...report, summary: summarize(report) };
    if (report.errors.length) return errorResponse('import_rejected', { message: body.summary, extra: body });
    return NextResponse.json(body);
  },
);
