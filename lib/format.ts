/** Display formats. Times of day are wall-clock times; instants are shown in the campus time zone. */
import { CAMPUS_TIME_ZONE } from './env';

export { CAMPUS_TIME_ZONE };

export function formatInstant(date: Date): string {
  return new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: CAMPUS_TIME_ZONE,
    timeZoneName: 'short',
  }).format(date);
}

export function sectionLabel(course: { subject: string; number: string }, code: string): string {
  return `${course.subject} ${course.number}-${code}`;
}

const STATUS_LABELS = { enrolled: 'Enrolled', withdrawn: 'Withdrawn', completed: 'Completed' } as const;

export function statusLabel(status: keyof typeof STATUS_LABELS): string {
  return STATUS_LABELS[status];
}
