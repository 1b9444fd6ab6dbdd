import { defineRule, you } from './rule';

export interface AppointmentNotReachedDetail {
  sectionId: number;
  /** ISO 8601, from the database. */
  opensAt: string;
}

/**
 * "Mon, Apr 6, 8:00 AM": an appointment in campus time. core/ stays free of lib/: the zone is the one lib/env
 * validated at start-up, read from the same variable.
 */
export function formatOpensAt(opensAt: Date | string, timeZone = process.env.CAMPUS_TIME_ZONE?.trim() || 'UTC'): string {
  const date = typeof opensAt === 'string' ? new Date(opensAt) : opensAt;
  const parts = new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')}, ${part('month')} ${part('day')}, ${part('hour')}:${part('minute')} ${part('dayPeriod')}`;
}

/** db/sql/functions/rule_appointment_not_reached.sql: before the student's appointment, no seat is added. */
export const appointmentNotReached = defineRule<'appointment_not_reached', AppointmentNotReachedDetail, null>({
  code: 'appointment_not_reached',
  sqlstate: '23514',
  constraint: 'enrollments_appointment_reached',
  status: 403,
  message: 'Your registration appointment has not started yet',
  override: null,
  describe: (detail, reader) =>
    `${you(reader, 'Your registration opens', "The student's registration opens")} ${formatOpensAt(detail.opensAt)}.`,
});
