/**
 * The history in words (docs/decisions/0012): "Enrolled in CS 101-001 by Registrar Rao", "Promoted from the waitlist
 * into CS 101-003 (seat freed by a drop)". A student reads their own history: other students stay unnamed there.
 */
import { overrideInHistory } from '@/core/rules';
import type { HistoryRow } from '@/db/queries/history';
import type { EnrollmentEventKind } from '@/db/schema';

export type HistoryReader = 'student' | 'registrar';

export const EVENT_KIND_LABELS: Record<EnrollmentEventKind, string> = {
  enrolled: 'Enrolled',
  dropped: 'Dropped',
  withdrawn: 'Withdrawn',
  completed: 'Completed',
  waitlisted: 'Joined a waitlist',
  waitlist_left: 'Left a waitlist',
  promoted: 'Promoted',
  swapped: 'Swapped',
  override_granted: 'Override granted',
  override_revoked: 'Override revoked',
  passed_over: 'Passed over',
  waitlist_changed: 'Release choice changed',
  conflict_accepted: 'Conflict accepted',
};

const ROLE_TITLES = { student: 'Student', instructor: 'Instructor', registrar: 'Registrar' } as const;

/** Who did it, when it was not the student themselves; nothing for a change made outside the app. */
function byWhom(row: HistoryRow, reader: HistoryReader): string {
  if (row.actorId === null || row.actorId === row.studentId) return '';
  if (reader === 'student' && row.actorRole === 'student') return '';
  const name = row.actorName ?? `user ${row.actorId}`;
  const title = row.actorRole ? ROLE_TITLES[row.actorRole] : '';
  // "Registrar Rao", but "Rita Registrar", not "Registrar Rita Registrar": a name that already says the role.
  const named = title && !new RegExp(`\\b${title}\\b`, 'i').test(name) ? `${title} ${name}` : name;
  return ` by ${named}`;
}

/** Why a promotion's seat came free: the freeing event's kind, and whether a registrar did it. */
function freedBy(row: HistoryRow, reader: HistoryReader): string {
  if (row.cause === 'capacity_raised') return 'seat added by a capacity raise';
  if (row.cause === 'reserved_released') return 'reserved seat released';
  const byRegistrar = row.freedByActorId !== null && row.freedByActorId !== row.freedByStudentId;
  const what =
    row.cause === 'withdrawn'
      ? 'a withdrawal'
      : row.cause === 'swapped' || row.cause === 'promoted'
        ? 'a swap'
        : byRegistrar
          ? "a registrar's drop"
          : 'a drop';
  const whose = reader === 'registrar' && row.freedByStudentName ? ` of ${row.freedByStudentName}` : '';
  return row.cause ? `seat freed by ${what}${whose}` : 'seat freed';
}

const PASS_OVER_REASONS: Record<string, string> = {
  time_conflict: 'a time conflict',
  already_in_course: 'a seat already held in the course',
  credit_limit: 'the credit maximum',
  prerequisite_missing: 'a missing prerequisite',
  registration_hold: 'a registration hold',
  swap_busy: 'the seat to release was busy',
};

/** docs/decisions/0018: a pass-over names its rule, a stale release choice, and what offered the seat. */
function describePassedOverEvent(row: HistoryRow, reader: HistoryReader): string {
  const detail = (row.detail ?? {}) as { capacityFrom?: number; capacityTo?: number; swapFromStale?: boolean; freedBy?: string };
  const why = PASS_OVER_REASONS[row.cause ?? ''] ?? row.cause ?? 'a rule';
  const stale = detail.swapFromStale && row.fromSection ? `; the seat to release, ${row.fromSection}, was no longer held` : '';
  const offered =
    detail.capacityFrom !== undefined && detail.capacityTo !== undefined
      ? `capacity raised from ${detail.capacityFrom} to ${detail.capacityTo}${byWhom(row, reader)}`
      : freedBy({ ...row, cause: detail.freedBy ?? null }, reader);
  return `Passed over for ${row.section ?? `section ${row.sectionId}`} (${why}${stale}) when a seat came free (${offered})`;
}

function conflictList(detail: unknown): string {
  const items = Array.isArray(detail) ? (detail as { conflictingSection?: string }[]) : [];
  const names = [...new Set(items.map((c) => c.conflictingSection).filter(Boolean))];
  return names.length ? `the time of ${names.join(', ')}` : 'another class';
}

export function describeEvent(row: HistoryRow, reader: HistoryReader): string {
  const section = row.section ?? `section ${row.sectionId}`;
  const from = row.fromSection ?? 'another section';
  const released = row.releasedAs === 'withdrawn' ? 'withdrawn' : 'dropped';
  const by = byWhom(row, reader);
  switch (row.kind) {
    case 'enrolled':
      return `Enrolled in ${section}${by}`;
    case 'dropped':
      return `Dropped ${section}${by}`;
    case 'withdrawn':
      return row.fromSection ? `Withdrawn record moved from ${from} to ${section}${by}` : `Withdrew from ${section}${by}`;
    case 'completed':
      return `Completed ${section}`;
    case 'waitlisted':
      return `Joined the waitlist for ${section}${row.fromSection ? ` (to swap out of ${from})` : ''}${by}`;
    case 'waitlist_left':
      return by ? `Removed from the waitlist for ${section}${by}` : `Left the waitlist for ${section}`;
    case 'promoted':
      return row.fromSection
        ? `Promoted from the waitlist into ${section} in place of ${from}, ${released} (${freedBy(row, reader)})`
        : `Promoted from the waitlist into ${section} (${freedBy(row, reader)})`;
    case 'swapped':
      return row.releasedAs
        ? `Swapped ${from} for ${section} (${from} ${released})${by}`
        : `Moved from ${from} to ${section}${by}`;
    case 'override_granted':
      return `Override for ${section}: past the ${overrideInHistory(row.cause ?? '')} rule${by}`;
    case 'override_revoked':
      return `Override for ${section} revoked: the ${overrideInHistory(row.cause ?? '')} rule applies again${by}`;
    case 'passed_over':
      return describePassedOverEvent(row, reader);
    case 'waitlist_changed':
      return row.fromSection
        ? `Waiting for ${section}: will release ${row.fromSection} when the turn comes${by}`
        : `Waiting for ${section}: no seat to release any more${by}`;
    case 'conflict_accepted':
      return `${section} moved${by} onto ${conflictList(row.detail)}: seat kept, marked as a conflict`;
  }
}
