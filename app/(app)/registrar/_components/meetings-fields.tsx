'use client';

import { useState } from 'react';
import { inputClass } from '@/app/_components/field';
import { FieldError } from '@/app/_components/form-message';
import { WEEKDAYS, type Meeting } from '@/core/meetings';
import type { ActionState } from '@/lib/web/action-state';

interface Row {
  key: number;
  day: string;
  startsAt: string;
  endsAt: string;
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

/** The rows to show: what was submitted (after an error), else the section's meetings. */
function initialRows(state: ActionState, defaults: readonly Meeting[]): Row[] {
  if (state.values) {
    const [days, starts, ends] = [list(state.values.meetingDay), list(state.values.meetingStart), list(state.values.meetingEnd)];
    return days.map((day, i) => ({ key: i, day, startsAt: starts[i] ?? '', endsAt: ends[i] ?? '' }));
  }
  return defaults.map((m, i) => ({ key: i, day: String(m.day), startsAt: m.startsAt.slice(0, 5), endsAt: m.endsAt.slice(0, 5) }));
}

/**
 * A section's weekly meetings: any number of rows, each a day with its own times (none at all for an online or
 * arranged section). Sent as parallel lists meetingDay / meetingStart / meetingEnd, read by lib/web/section-form.ts.
 */
export function MeetingsFields({ state, defaults = [] }: { state: ActionState; defaults?: readonly Meeting[] }) {
  const [rows, setRows] = useState(() => initialRows(state, defaults));
  const [nextKey, setNextKey] = useState(rows.length);
  const errors = state.fieldErrors?.meetings;
  // The inputs stay uncontrolled; their edits are mirrored here so that "Add meeting" copies the last row's times.
  const edit = (key: number, change: Partial<Row>) => setRows((all) => all.map((r) => (r.key === key ? { ...r, ...change } : r)));

  const add = () => {
    const last = rows.at(-1);
    const day = last ? String(Math.min(7, Number(last.day) + 2)) : '1';
    setRows([...rows, { key: nextKey, day, startsAt: last?.startsAt ?? '09:00', endsAt: last?.endsAt ?? '09:50' }]);
    setNextKey(nextKey + 1);
  };

  return (
    <fieldset className="space-y-3 sm:col-span-2" aria-describedby={errors ? 'meetings-error' : 'meetings-hint'}>
      <legend className="text-sm font-medium text-slate-800">Meetings</legend>
      <p id="meetings-hint" className="text-xs text-slate-600">
        One row per weekly meeting. No rows: the section is online or arranged and never conflicts with another.
      </p>
      {rows.length ? (
        <ol className="space-y-2">
          {rows.map((row, i) => (
            <li key={row.key} className="flex flex-wrap items-end gap-3">
              <label className="text-sm text-slate-800">
                Day <span className="sr-only">of meeting {i + 1}</span>
                <select
                  name="meetingDay"
                  defaultValue={row.day}
                  onChange={(e) => edit(row.key, { day: e.target.value })}
                  className={inputClass}
                >
                  {WEEKDAYS.map(({ day, name }) => (
                    <option key={day} value={day}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="text-sm text-slate-800">
                Starts <span className="sr-only">(meeting {i + 1})</span>
                <input
                  name="meetingStart"
                  type="time"
                  required
                  defaultValue={row.startsAt}
                  onChange={(e) => edit(row.key, { startsAt: e.target.value })}
                  className={inputClass}
                />
              </label>
              <label className="text-sm text-slate-800">
                Ends <span className="sr-only">(meeting {i + 1})</span>
                <input
                  name="meetingEnd"
                  type="time"
                  required
                  defaultValue={row.endsAt}
                  onChange={(e) => edit(row.key, { endsAt: e.target.value })}
                  className={inputClass}
                />
              </label>
              <button
                type="button"
                onClick={() => setRows(rows.filter((r) => r.key !== row.key))}
                className="rounded-md px-3 py-2 text-sm text-rose-800 hover:bg-rose-50"
              >
                Remove<span className="sr-only"> meeting {i + 1}</span>
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-700">No meetings: online or arranged.</p>
      )}
      <button
        type="button"
        onClick={add}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100"
      >
        Add meeting
      </button>
      <FieldError id="meetings-error" errors={errors} />
    </fieldset>
  );
}
