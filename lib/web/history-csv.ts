import 'server-only';
import type { HistoryRow } from '@/db/queries/history';
import { describeEvent } from '@/lib/domain/history';
import { csvStream } from './csv';

const HEADER = ['At', 'Event', 'Student', 'Email', 'Section', 'From section', 'Actor', 'Actor role', 'Description'];

/** A registrar's timeline as CSV (docs/decisions/0012), through the formula guard of lib/web/csv.ts. */
export function historyCsvStream(rows: readonly HistoryRow[]): ReadableStream<Uint8Array> {
  return csvStream(HEADER, rows, (r) => [
    r.at.toISOString(),
    r.kind,
    r.studentName,
    r.studentEmail,
    r.section,
    r.fromSection,
    r.actorName,
    r.actorRole,
    describeEvent(r, 'registrar'),
  ]);
}
