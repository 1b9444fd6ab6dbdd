'use client';

import { useActionState } from 'react';
import { ConfirmSubmit } from '@/app/_components/confirm-submit';
import { Field, inputClass } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { createSharedActionState } from '@/app/_components/shared-action-state';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { addTranscriptLineAction, removeTranscriptLineAction, saveStudentProfileAction } from './transcript-actions';

const box = 'space-y-3 rounded-lg border border-slate-200 bg-white p-5';

export function AddTranscriptLineForm({
  studentId,
  grades,
  sources,
}: {
  studentId: number;
  grades: readonly string[];
  sources: readonly string[];
}) {
  const [state, action] = useActionState(addTranscriptLineAction, IDLE);
  return (
    <form action={action} noValidate className={box}>
      <h3 className="font-semibold text-slate-900">Add a transcript line</h3>
      <input type="hidden" name="studentId" value={studentId} />
      <div className="grid gap-3 sm:grid-cols-4">
        <Field name="course" label="Course" state={state} hint="A catalog code, such as CS 1301">
          {(control) => <input {...control} type="text" autoComplete="off" required className={inputClass} />}
        </Field>
        <Field name="grade" label="Grade" state={state}>
          {(control) => (
            <select {...control} required className={inputClass}>
              <option value="">Choose…</option>
              {grades.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="termCode" label="Term (optional)" state={state} hint="As the other school wrote it, e.g. 2024FA">
          {(control) => <input {...control} type="text" maxLength={20} autoComplete="off" className={inputClass} />}
        </Field>
        <Field name="source" label="Source" state={state} defaultValue="transfer">
          {(control) => (
            <select {...control} className={inputClass}>
              {sources.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <SubmitButton pendingLabel="Adding…">Add line</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

const removeLine = createSharedActionState(removeTranscriptLineAction, 'RemoveTranscriptLineForm');
export const TranscriptProvider = removeLine.Provider;

export function RemoveTranscriptLineForm({ studentId, lineId, course }: { studentId: number; lineId: number; course: string }) {
  const run = removeLine.useRun();
  return (
    <form action={run}>
      <input type="hidden" name="studentId" value={studentId} />
      <input type="hidden" name="lineId" value={lineId} />
      <ConfirmSubmit
        label="Remove"
        question={`Remove ${course} from the transcript?`}
        confirmLabel="Confirm removal"
        pendingLabel="Removing…"
      />
    </form>
  );
}

export function StudentProfileForm({
  studentId,
  standings,
  profile,
}: {
  studentId: number;
  standings: readonly string[];
  profile: { earnedCredits: number; classStanding: string; major: string | null } | null;
}) {
  const [state, action] = useActionState(saveStudentProfileAction, IDLE);
  return (
    <form action={action} noValidate className={box}>
      <h3 className="font-semibold text-slate-900">Profile</h3>
      {profile ? null : <p className="text-sm text-slate-600">No profile yet: saving creates one.</p>}
      <input type="hidden" name="studentId" value={studentId} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field name="earnedCredits" label="Earned credits" state={state} defaultValue={String(profile?.earnedCredits ?? 0)}>
          {(control) => <input {...control} type="text" inputMode="decimal" required className={inputClass} />}
        </Field>
        <Field name="classStanding" label="Class standing" state={state} defaultValue={profile?.classStanding ?? 'freshman'}>
          {(control) => (
            <select {...control} className={inputClass}>
              {standings.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="major" label="Major (optional)" state={state} defaultValue={profile?.major ?? ''}>
          {(control) => <input {...control} type="text" maxLength={80} className={inputClass} />}
        </Field>
      </div>
      <SubmitButton pendingLabel="Saving…">Save profile</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
