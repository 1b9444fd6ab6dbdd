'use server';

import { revalidatePath } from 'next/cache';
import { failure, success, type ActionState } from '@/lib/action-state';
import { answerFor } from '@/lib/answers';
import { requireRole } from '@/lib/authz';
import { parseId } from '@/lib/ids';
import { enrollStudent, leaveSection } from '@/lib/registration';

function revalidateSeats(sectionId: number) {
  revalidatePath(`/sections/${sectionId}`);
  revalidatePath('/sections');
  revalidatePath('/schedule');
}

/** Public POST endpoint: the student is whoever is signed in; only the section id comes from the form. */
export async function enrollAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireRole('student');
  if (!user.ok) return failure(answerFor(user.reason).message);
  const sectionId = parseId(formData.get('sectionId'));
  if (!sectionId) return failure(answerFor('invalid_section_id').message);

  const result = await enrollStudent(user.value.id, sectionId);
  if (!result.ok) return failure(answerFor(result.reason).message);
  revalidateSeats(sectionId);
  return success('You are enrolled in this section.');
}

export async function leaveAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireRole('student');
  if (!user.ok) return failure(answerFor(user.reason).message);
  const sectionId = parseId(formData.get('sectionId'));
  if (!sectionId) return failure(answerFor('invalid_section_id').message);

  const result = await leaveSection(user.value.id, sectionId);
  if (!result.ok) return failure(answerFor(result.reason).message);
  revalidateSeats(sectionId);
  return success(result.value.mode === 'drop' ? 'You dropped this section.' : 'You withdrew from this section.');
}
