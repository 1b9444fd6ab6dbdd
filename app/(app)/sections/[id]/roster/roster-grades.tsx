'use client';

import { useActionState } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { IDLE } from '@/lib/web/action-state';
import { recordGradesAction } from './grade-actions';

const selectClass =
  'mt-1 block w-28 rounded-md border border-slate-300 px-2 py-1.5 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30';

export interface GradedStudent {
  studentId: number;
  name: string;
  grade: string | null;
}

/**
 * Final grades for every student holding a seat; saving completes the graded enrollments in one transaction.
 * Before the term's classes end the form says when it opens instead (the database decides at the save).
 */
export function RosterGrades({
  sectionId,
  students,
  grades,
  openNote,
}: {
  sectionId: number;
  students: GradedStudent[];
  grades: readonly string[];
  /** Why grading is not open yet, or null when it is. */
  openNote: string | null;
}) {
  const [state, action] = useActionState(recordGradesAction, IDLE);
  return (
    <section aria-labelledby="grades-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="grades-heading" className="text-lg font-semibold text-slate-900">
        Final grades
      </h2>
      {openNote ? (
        <p className="text-sm text-slate-600">{openNote}</p>
      ) : (
        <form action={action} noValidate className="space-y-4">
          <p className="text-sm text-slate-600">
            Saving marks each graded student as having completed the course. Leave a student blank to grade them later.
          </p>
          <input type="hidden" name="sectionId" value={sectionId} />
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {students.map((s) => (
              <Field
                key={s.studentId}
                name={`grade-${s.studentId}`}
                label={`Grade for ${s.name}`}
                state={state}
                defaultValue={s.grade ?? ''}
              >
                {(control) => (
                  <select {...control} className={selectClass}>
                    <option value="">Not graded</option>
                    {grades.map((g) => (
                      <option key={g} value={g}>
                        {g}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
          </div>
          <SubmitButton pendingLabel="Saving grades…">Save final grades</SubmitButton>
          <FormMessage state={state} />
        </form>
      )}
    </section>
  );
}
