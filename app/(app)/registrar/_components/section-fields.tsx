import type { ReactNode } from 'react';
import { FieldError } from '@/app/_components/form-message';
import type { ActionState } from '@/lib/action-state';
import { WEEKDAYS } from '@/lib/section-form';

export const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30';

type Errors = NonNullable<ActionState['fieldErrors']>;

/** label + control + its error, wired with aria-invalid / aria-describedby. */
export function Field({
  name,
  label,
  errors,
  hint,
  children,
}: {
  name: string;
  label: string;
  errors: Errors;
  hint?: string;
  children: (aria: { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const described = [errors[name] ? `${name}-error` : '', hint ? `${name}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children({ id: name, name, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': described || undefined })}
      {hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${name}-error`} errors={errors[name]} />
    </div>
  );
}

export interface ScheduleDefaults {
  capacity?: number;
  instructorId?: number | null;
  meetingDays?: string;
  startTime?: string | null;
  endTime?: string | null;
  location?: string;
}

/** Capacity, instructor, meeting days and times, location: the part of a section a registrar edits. */
export function ScheduleFields({
  errors,
  instructors,
  defaults = {},
}: {
  errors: Errors;
  instructors: { id: number; name: string; email: string }[];
  defaults?: ScheduleDefaults;
}) {
  return (
    <>
      <Field name="capacity" label="Capacity" errors={errors}>
        {(aria) => (
          <input
            {...aria}
            type="number"
            min={0}
            max={2000}
            step={1}
            inputMode="numeric"
            required
            defaultValue={defaults.capacity}
            className={inputClass}
          />
        )}
      </Field>
      <Field name="instructorId" label="Instructor" errors={errors}>
        {(aria) => (
          <select {...aria} defaultValue={defaults.instructorId ?? ''} className={inputClass}>
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
        aria-invalid={errors.meetingDays ? true : undefined}
        aria-describedby={errors.meetingDays ? 'meetingDays-error' : undefined}
      >
        <legend className="text-sm font-medium text-slate-800">Meeting days</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {WEEKDAYS.map(([letter, day]) => (
            <label key={letter} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                name="meetingDays"
                value={letter}
                defaultChecked={defaults.meetingDays?.includes(letter)}
                className="size-4"
              />
              {day}
            </label>
          ))}
        </div>
        <FieldError id="meetingDays-error" errors={errors.meetingDays} />
      </fieldset>
      <Field name="startTime" label="Start time" errors={errors}>
        {(aria) => <input {...aria} type="time" defaultValue={defaults.startTime?.slice(0, 5) ?? ''} className={inputClass} />}
      </Field>
      <Field name="endTime" label="End time" errors={errors}>
        {(aria) => <input {...aria} type="time" defaultValue={defaults.endTime?.slice(0, 5) ?? ''} className={inputClass} />}
      </Field>
      <Field name="location" label="Location" errors={errors}>
        {(aria) => <input {...aria} type="text" maxLength={100} defaultValue={defaults.location ?? ''} className={inputClass} />}
      </Field>
    </>
  );
}
