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
}

/** Capacity, instructor, meetings, location: the part of a section a registrar edits. */
export function SettingsFields({
  state,
  instructors,
  defaults = {},
}: {
  state: ActionState;
  instructors: { id: number; name: string; email: string }[];
  defaults?: SettingsDefaults;
}) {
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
      <MeetingsFields key={state.at ?? 0} state={state} defaults={defaults.meetings} />
      <Field name="location" label="Location" state={state} defaultValue={defaults.location ?? ''}>
        {(control) => <input {...control} type="text" maxLength={100} className={inputClass} />}
      </Field>
    </>
  );
}
