import { Field, inputClass } from '@/app/_components/field';
import { FieldError } from '@/app/_components/form-message';
import type { ActionState } from '@/lib/web/action-state';
import { WEEKDAYS } from '@/lib/web/section-form';

export interface SettingsDefaults {
  capacity?: number;
  instructorId?: number | null;
  meetingDays?: string;
  startTime?: string | null;
  endTime?: string | null;
  location?: string;
  waitlistCapacity?: number;
}

/** Capacity, instructor, meeting days and times, location: the part of a section a registrar edits. */
export function SettingsFields({
  state,
  instructors,
  defaults = {},
}: {
  state: ActionState;
  instructors: { id: number; name: string; email: string }[];
  defaults?: SettingsDefaults;
}) {
  const submittedDays = state.values ? [state.values.meetingDays ?? []].flat() : undefined;
  const dayChecked = (letter: string) => submittedDays?.includes(letter) ?? Boolean(defaults.meetingDays?.includes(letter));
  const dayErrors = state.fieldErrors?.meetingDays;
  return (
    <>
      <Field name="capacity" label="Capacity" state={state} defaultValue={defaults.capacity?.toString()}>
        {(control) => (
          <input {...control} type="number" min={0} max={2000} step={1} inputMode="numeric" required className={inputClass} />
        )}
      </Field>
      <Field
        name="waitlistCapacity"
        label="Waitlist places (0 = no waitlist)"
        state={state}
        defaultValue={(defaults.waitlistCapacity ?? 0).toString()}
      >
        {(control) => <input {...control} type="number" min={0} max={1000} step={1} inputMode="numeric" className={inputClass} />}
      </Field>
      <Field name="instructorId" label="Instructor" state={state} defaultValue={defaults.instructorId?.toString() ?? ''}>
        {(control) => (
          <select {...control} className={inputClass}>
            <option value="">Staff (no instructor yet)</option>
            {instructors.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name} ({i.email})
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset
        className="sm:col-span-2"
        aria-invalid={dayErrors ? true : undefined}
        aria-describedby={dayErrors ? 'meetingDays-error' : undefined}
      >
        <legend className="text-sm font-medium text-slate-800">Meeting days</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {WEEKDAYS.map(([letter, day]) => (
            <label key={letter} className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" name="meetingDays" value={letter} defaultChecked={dayChecked(letter)} className="size-4" />
              {day}
            </label>
          ))}
        </div>
        <FieldError id="meetingDays-error" errors={dayErrors} />
      </fieldset>
      <Field name="startTime" label="Start time" state={state} defaultValue={defaults.startTime?.slice(0, 5) ?? ''}>
        {(control) => <input {...control} type="time" className={inputClass} />}
      </Field>
      <Field name="endTime" label="End time" state={state} defaultValue={defaults.endTime?.slice(0, 5) ?? ''}>
        {(control) => <input {...control} type="time" className={inputClass} />}
      </Field>
      <Field name="location" label="Location" state={state} defaultValue={defaults.location ?? ''}>
        {(control) => <input {...control} type="text" maxLength={100} className={inputClass} />}
      </Field>
    </>
  );
}
