import type { Roster, RosterEntry } from '@/db/queries/rosters';
import { sectionLabel } from '@/lib/format';
import { csvStream } from './csv';

export const ROSTER_CSV_HEADER = ['Name', 'Email', 'Status', 'Enrolled at', 'Withdrawn at'] as const;

const cells = (e: RosterEntry) => [
  e.name,
  e.email,
  e.status,
  e.enrolledAt.toISOString(),
  e.status === 'withdrawn' ? e.changedAt.toISOString() : '',
];

/** Seat holders first, then withdrawn students, each in the roster's sort order. */
export function rosterCsvStream(roster: Roster): ReadableStream<Uint8Array> {
  return csvStream(ROSTER_CSV_HEADER, [...roster.seated, ...roster.withdrawn], cells);
}

/** e.g. "CS 101-A01 2027SP roster.csv"; the Content-Disposition adds an ASCII fallback. */
export function rosterFileName({ section }: Pick<Roster, 'section'>): string {
  return `${sectionLabel(section.course, section.code)} ${section.term.code} roster.csv`;
}
