'use server';

import { revalidatePath } from 'next/cache';
import { failure, success, type ActionState } from '@/lib/action-state';
import type { Result } from '@/db/executor';
import { answerFor, type AppFailure } from '@/lib/answers';
import { requireRole } from '@/lib/authz';
import { parseId } from '@/lib/ids';
import { enrollStudent, leaveSection } from '@/lib/registration';

function revalidateSeats(sectionId: number) {
  revalidatePath(`/sections/${sectionId}`);
  revalidatePath('/sections');
  revalidatePath('/schedule');
}

type StudentStep<T> = (studentId: number, sectionId: number) => Promise<Result<T, AppFailure>>;

/**
 * Public POST endpoints: the student is whoever is signed in; only the section id comes from the form.
 * authenticate → authorize → validate → run → answer → revalidate, once for both actions.
 */
async function asStudent<T>(formData: FormData, step: StudentStep<T>, said: (value: T) => string): Promise<ActionState> {
  const user = await requireRole('student');
  if (!user.ok) return failure(answerFor(user.reason).message);
  const sectionId = parseId(formData.get('sectionId'));
  if (!sectionId) return failure(answerFor('invalid_section_id').message);

  const result = await step(user.value.id, sectionId);
  if (!result.ok) return failure(answerFor(result.reason).message);
  revalidateSeats(sectionId);
  return success(said(result.value));
}

export async function enrollAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return asStudent(formData, enrollStudent, () => 'You are enrolled in this section.');
}

export async function leaveAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return asStudent(formData, leaveSection, ({ mode }) =>
    mode === 'drop' ? 'You dropped this section.' : 'You withdrew from this section.',
  );
}
