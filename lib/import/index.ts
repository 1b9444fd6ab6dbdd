/**
 * The one code path of every import (docs/decisions/0024), behind two doors: `npm run import` and
 * /registrar/import. The file is read whole as a stream and checked row by row (every bad row reported, not the
 * first), then written in one transaction; any bad row, including one the database refuses, and the transaction
 * is rolled back: all or nothing. A preview is the same run, always rolled back.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/executor';
import { actorSetting } from '@/db/actor';
import { ImportRefused, readCsv } from './csv';
import {
  AppointmentRows,
  REQUIRED,
  StudentRows,
  TranscriptRows,
  writeAppointments,
  writeStudents,
  writeTranscripts,
} from './people';
import { RowErrors, type ImportKind, type ImportReport, type Tally } from './report';
import { SCHEDULE_REQUIRED, ScheduleRows } from './schedule-rows';
import { writeSchedule } from './schedule';

export { ImportRefused } from './csv';
export { IMPORT_KINDS, summarize, type ImportKind, type ImportReport } from './report';

export interface ImportRequest {
  kind: ImportKind;
  source: AsyncIterable<Uint8Array | string>;
  /** The term's code: schedule and appointments only. */
  termCode?: string;
  /** false: a preview, rolled back whatever it finds. */
  apply: boolean;
  /** Who imports (the history's actor); null from the command line. */
  actorId: number | null;
}

class Rollback extends Error {
  constructor(readonly report: ImportReport) {
    super('import rolled back');
  }
}

interface Rows {
  add(row: Parameters<ScheduleRows['add']>[0]): void;
}

export async function runImport(database: Executor, request: ImportRequest): Promise<ImportReport> {
  const { kind } = request;
  const errors = new RowErrors();
  const base = { kind, applied: false, warnings: [] as string[], tallies: {} as Record<string, Tally> };
  const needsTerm = kind === 'schedule' || kind === 'appointments';
  if (needsTerm && !request.termCode) return { ...base, errors: ['term: a term code is required'] };

  const file =
    kind === 'schedule'
      ? new ScheduleRows(errors)
      : kind === 'students'
        ? new StudentRows(errors)
        : kind === 'transcripts'
          ? new TranscriptRows(errors)
          : new AppointmentRows(errors);
  const required = kind === 'schedule' ? SCHEDULE_REQUIRED : REQUIRED[kind];
  let count = 0;
  try {
    for await (const row of readCsv(request.source, required, (line, reason) => errors.add(line, 'row', reason))) {
      (file as Rows).add(row);
      count++;
    }
  } catch (error) {
    if (error instanceof ImportRefused) return { ...base, errors: [error.message] };
    throw error;
  }
  if (!count && !errors.size) return { ...base, errors: ['line 2: row: the file has a header and no rows'] };
  // Rows with bad values go on to the checks that need the database (an unknown student, a link to no section),
  // so that one answer lists every bad row; the writers write nothing once there is an error.
  try {
    return await database.transaction(async (tx) => {
      // One import at a time: two at once would each see the other's sections as absent.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('curriculab.import')), ${actorSetting(request.actorId)}`);
      let termId = 0;
      if (needsTerm) {
        const [term] = await tx.execute<{ id: number }>(sql`SELECT id FROM terms WHERE code = ${request.termCode!}`);
        if (!term) throw new Rollback({ ...base, errors: [`term: no term ${request.termCode}`] });
        termId = term.id;
      }
      let tallies: Record<string, Tally>;
      let warnings: string[] = [];
      if (file instanceof ScheduleRows) ({ tallies, warnings } = await writeSchedule(tx, termId, file, errors));
      else if (file instanceof StudentRows) tallies = await writeStudents(tx, file, errors);
      else if (file instanceof TranscriptRows) tallies = await writeTranscripts(tx, file, errors);
      else tallies = await writeAppointments(tx, termId, file, errors);
      const report: ImportReport = { ...base, tallies, warnings, errors: errors.list(), applied: request.apply && !errors.size };
      if (!report.applied) throw new Rollback(report);
      return report;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.report;
    throw error;
  }
}
