import Link from 'next/link';
import { clockRange, WEEKDAYS, type Meeting } from '@/core/meetings';

export interface CalendarEntry {
  key: string | number;
  /** "CS 101-001" */
  label: string;
  title: string;
  href: string;
  meetings: readonly Meeting[];
}

const HOUR_PX = 48;
const minutes = (time: string) => {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return h * 60 + m;
};
const hourLabel = (hour: number) => `${((hour + 11) % 12) + 1} ${hour >= 12 ? 'PM' : 'AM'}`;

// Enough colours that sections side by side differ; a section keeps its colour on every day.
const TONES = [
  'border-sky-600 bg-sky-50 text-sky-950',
  'border-emerald-600 bg-emerald-50 text-emerald-950',
  'border-amber-600 bg-amber-50 text-amber-950',
  'border-violet-600 bg-violet-50 text-violet-950',
  'border-rose-600 bg-rose-50 text-rose-950',
  'border-teal-600 bg-teal-50 text-teal-950',
];

/**
 * A week as people read a timetable: days across, hours down, each meeting a block at its time. Monday to Friday
 * always, the weekend only when something meets then. Each day is a list, so a screen reader hears the same facts.
 */
export function WeekCalendar({ entries, caption }: { entries: readonly CalendarEntry[]; caption: string }) {
  const blocks = entries.flatMap((entry, index) =>
    entry.meetings.map((meeting) => ({ entry, meeting, tone: TONES[index % TONES.length]! })),
  );
  const days = WEEKDAYS.filter(({ day }) => day <= 5 || blocks.some((b) => b.meeting.day === day));
  const first = Math.min(8 * 60, ...blocks.map((b) => minutes(b.meeting.startsAt)));
  const last = Math.max(17 * 60, ...blocks.map((b) => minutes(b.meeting.endsAt)));
  const [startHour, endHour] = [Math.floor(first / 60), Math.ceil(last / 60)];
  const hours = Array.from({ length: endHour - startHour }, (_, i) => startHour + i);
  const height = hours.length * HOUR_PX;
  const arranged = entries.filter((e) => !e.meetings.length);

  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-medium text-slate-700">{caption}</figcaption>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <div className="grid min-w-[40rem]" style={{ gridTemplateColumns: `3.5rem repeat(${days.length}, minmax(0, 1fr))` }}>
          <div aria-hidden="true" className="border-b border-slate-200" />
          {days.map(({ day, name }) => (
            <div
              key={day}
              aria-hidden="true"
              className="border-b border-l border-slate-200 px-2 py-2 text-center text-sm font-semibold text-slate-700"
            >
              {name.slice(0, 3)}
            </div>
          ))}
          <div aria-hidden="true" className="relative" style={{ height }}>
            {hours.map((hour, i) => (
              <span key={hour} className="absolute right-2 -translate-y-1/2 text-xs text-slate-500" style={{ top: i * HOUR_PX }}>
                {i === 0 ? '' : hourLabel(hour)}
              </span>
            ))}
          </div>
          {days.map(({ day, name }) => {
            const today = blocks
              .filter((b) => b.meeting.day === day)
              .sort((a, b) => a.meeting.startsAt.localeCompare(b.meeting.startsAt));
            return (
              <section key={day} aria-label={name} className="relative border-l border-slate-200" style={{ height }}>
                {hours.map((hour, i) => (
                  <div
                    key={hour}
                    aria-hidden="true"
                    className="absolute inset-x-0 border-t border-slate-100"
                    style={{ top: i * HOUR_PX }}
                  />
                ))}
                <ul>
                  {today.map(({ entry, meeting, tone }) => {
                    const top = ((minutes(meeting.startsAt) - startHour * 60) / 60) * HOUR_PX;
                    const blockHeight = ((minutes(meeting.endsAt) - minutes(meeting.startsAt)) / 60) * HOUR_PX;
                    return (
                      <li
                        key={`${entry.key}-${meeting.startsAt}`}
                        className={`absolute inset-x-1 overflow-hidden rounded-md border-l-4 px-2 py-1 text-xs ${tone}`}
                        style={{ top, height: Math.max(blockHeight, 20) }}
                      >
                        <Link href={entry.href} className="font-semibold underline-offset-2 hover:underline">
                          {entry.label}
                        </Link>
                        <span className="block">{clockRange(meeting.startsAt, meeting.endsAt)}</span>
                        <span className="block truncate">{entry.title}</span>
                      </li>
                    );
                  })}
                </ul>
              </section>
            );
          })}
        </div>
      </div>
      {arranged.length ? (
        <p className="text-sm text-slate-600">
          Not on the calendar (arranged or online): {arranged.map((e) => e.label).join(', ')}.
        </p>
      ) : null}
    </figure>
  );
}
