/** Weekly meeting times as people read them ("MWF 9:00–9:50 AM"): wall-clock times, no time zone. */
function clock(time: string): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const suffix = h >= 12 ? 'PM' : 'AM';
  return `${((h + 11) % 12) + 1}:${String(m).padStart(2, '0')} ${suffix}`;
}

/** One weekly meeting of a section: ISO weekday (1 = Monday) and wall-clock times ("HH:MM" or "HH:MM:SS"). */
export interface Meeting {
  day: number;
  startsAt: string;
  endsAt: string;
  /** A part of the term ("YYYY-MM-DD"); absent = the term's class dates. */
  startsOn?: string | null;
  endsOn?: string | null;
}

const DAY_MS = 86_400_000;

/**
 * Which weeks of the term a part-of-term meeting runs ("Weeks 1–8", counted from the term's first class day), or
 * null for a meeting of the whole term.
 */
export function meetingWeeks(meeting: Meeting, classes: { startsOn: string | null; endsOn: string | null }): string | null {
  if (!meeting.startsOn && !meeting.endsOn) return null;
  const start = classes.startsOn ?? meeting.startsOn;
  if (!start) return null;
  const week = (date: string) => Math.floor((Date.parse(date) - Date.parse(start)) / (7 * DAY_MS)) + 1;
  const from = week(meeting.startsOn ?? start);
  const end = meeting.endsOn ?? classes.endsOn;
  if (!end) return `From week ${from}`;
  const to = week(end);
  return from === to ? `Week ${from}` : `Weeks ${from}–${to}`;
}

/** ISO weekday → the letter registrars write (R is Thursday, U Sunday) and the name people read. */
export const WEEKDAYS = [
  { day: 1, letter: 'M', name: 'Monday' },
  { day: 2, letter: 'T', name: 'Tuesday' },
  { day: 3, letter: 'W', name: 'Wednesday' },
  { day: 4, letter: 'R', name: 'Thursday' },
  { day: 5, letter: 'F', name: 'Friday' },
  { day: 6, letter: 'S', name: 'Saturday' },
  { day: 7, letter: 'U', name: 'Sunday' },
] as const;

const weekday = (day: number) => WEEKDAYS[day - 1];

/**
 * "MWF 9:00–9:50 AM"; "MW 9:00–9:50 AM, F 2:00–3:50 PM" when the times differ; "Arranged" for a section with no
 * meetings (online or by arrangement). Days in week order, groups in order of their first day.
 */
export function formatMeetings(meetings: readonly Meeting[]): string {
  if (!meetings.length) return 'Arranged';
  const groups = new Map<string, number[]>();
  for (const m of [...meetings].sort((a, b) => a.day - b.day || a.startsAt.localeCompare(b.startsAt))) {
    const time = `${clockRange(m.startsAt, m.endsAt)}`;
    groups.set(time, [...(groups.get(time) ?? []), m.day]);
  }
  return [...groups].map(([time, days]) => `${days.map((d) => weekday(d)?.letter ?? '?').join('')} ${time}`).join(', ');
}

/** "Mon, Wed, Fri": the days a section meets, spelled out for a tooltip or a screen reader. */
export function spellMeetingDays(meetings: readonly Meeting[]): string {
  const days = [...new Set(meetings.map((m) => m.day))].sort((a, b) => a - b);
  return days.map((d) => weekday(d)?.name.slice(0, 3) ?? '?').join(', ');
}

/** "9:00–9:50 AM", "11:30 AM–12:20 PM": the suffix once when both ends share it. */
export function clockRange(start: string, end: string): string {
  const [from, to] = [clock(start), clock(end)];
  const [fromTime, fromSuffix] = from.split(' ');
  return fromSuffix === to.split(' ')[1] ? `${fromTime}–${to}` : `${from}–${to}`;
}
