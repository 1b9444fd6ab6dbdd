import { Field, inputClass } from '@/app/_components/field';
import type { ActionState } from '@/lib/web/action-state';
import type { Meeting } from '@/core/meetings';
import { MeetingsFields } from './meetings-fields';

export interface SettingsDefaults {
  capacity?: number;
  instructorId?: number | null;
  meetings?: readonly Meeting[];
  location?: string;
  waitlistCapacity?: number;
  component?: string;
  linkedSectionId?: number | null;
  credits?: number | null;
  startsOn?: string | null;
  endsOn?: string | null;
}

/** Capacity, instructor, meetings, location: the part of a section a registrar edits. */
export function SettingsFields({
  state,
  instructors,
  defaults = {},
  linkOptions = [],
}: {
  state: ActionState;
  instructors: { id: number; name: string; email: string }[];
  defaults?: SettingsDefaults;
  /** Sections this one may be taken with (docs/decisions/0022). */
  linkOptions?: { id: number; label: string }[];
}) {
  return (
    <>
      <Field name="component" label="Component (LEC, LAB, REC, …)" state={state} defaultValue={defaults.component ?? 'LEC'}>
        {(control) => <input {...control} type="text" maxLength={4} pattern="[A-Za-z]{2,4}" className={inputClass} />}
      </Field>
      <Field
        name="linkedSectionId"
        label="Taken with (a section of the same course and term)"
        state={state}
        defaultValue={defaults.linkedSectionId?.toString() ?? ''}
      >
        {(control) => (
          <select {...control} className={inputClass}>
            <option value="">None: stands alone or others link to it</option>
            {linkOptions.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        name="credits"
        label="Credits (empty = the course's)"
        state={state}
        defaultValue={defaults.credits == null ? '' : String(defaults.credits)}
      >
        {(control) => <input {...control} type="text" inputMode="decimal" maxLength={4} className={inputClass} />}
      </Field>
      <Field
        name="startsOn"
        label="Part of term: first day (empty = the term's)"
        state={state}
        defaultValue={defaults.startsOn ?? ''}
      >
        {(control) => <input {...control} type="date" className={inputClass} />}
      </Field>
      <Field name="endsOn" label="Part of term: last day (empty = the term's)" state={state} defaultValue={defaults.endsOn ?? ''}>
        {(control) => <input {...control} type="date" className={inputClass} />}
      </Field>
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
      <MeetingsFields key={state.at ?? 0} state={state} defaults={defaults.meetings} />
      <Field name="location" label="Location" state={state} defaultValue={defaults.location ?? ''}>
        {(control) => <input {...control} type="text" maxLength={100} className={inputClass} />}
      </Field>
    </>
  );
}
