/** Display formats. Times of day are wall-clock times; instants are shown in the campus time zone. */
const CAMPUS_TIME_ZONE = process.env.CAMPUS_TIME_ZONE ?? 'UTC';

const DAY_NAMES: Record<string, string> = { M: 'Mon', T: 'Tue', W: 'Wed', R: 'Thu', F: 'Fri', S: 'Sat', U: 'Sun' };

function clock(time: string): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const suffix = h >= 12 ? 'PM' : 'AM';
  return `${((h + 11) % 12) + 1}:${String(m).padStart(2, '0')} ${suffix}`;
}

export function formatMeeting(days: string, start: string | null, end: string | null): string {
  if (!days && !start) return 'To be announced';
  const time = start && end ? `${clock(start)}–${clock(end)}` : '';
  return [days, time].filter(Boolean).join(' ');
}

export function spellDays(days: string): string {
  return [...days].map((d) => DAY_NAMES[d] ?? d).join(', ');
}

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
