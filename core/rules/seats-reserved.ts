import { defineRule } from './rule';

export interface SeatsReservedDetail {
  sectionId: number;
  /** "CS 101-003" */
  section: string;
  /** "seniors", "Physics majors" */
  group: string;
  /** The reserved seats still open to the group. */
  seats: number;
  /** ISO 8601: when they become ordinary seats. */
  releasedAt: string;
}

/** "Apr 10", in campus time. */
export function formatReleaseDay(releasedAt: Date | string, timeZone = process.env.CAMPUS_TIME_ZONE?.trim() || 'UTC') {
  const date = typeof releasedAt === 'string' ? new Date(releasedAt) : releasedAt;
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone }).format(date);
}

/**
 * docs/decisions/0025: the seats left are held for a group until a date, under sections_reserved_seats_within_capacity
 * (decided by db/sql/functions/section_seat_take.sql just before the count trigger, like capacity).
 */
export const seatsReserved = defineRule<'seats_reserved', SeatsReservedDetail, null>({
  code: 'seats_reserved',
  sqlstate: '23514',
  constraint: 'sections_reserved_seats_within_capacity',
  status: 409,
  message: 'The seats left are reserved',
  override: null,
  describe: (detail) =>
    `The seats left in ${detail.section} are reserved for ${detail.group} until ${formatReleaseDay(detail.releasedAt)}.`,
});
