'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { deleteSection, findUserRole, insertSection, updateSection } from '@/db/queries/sections-admin';
import { classifyDbError } from '@/db/errors';
import { failure, success, type ActionState } from '@/lib/action-state';
import { answerFor, capacityBelowEnrolledMessage, type AppFailure } from '@/lib/answers';
import { requireRole } from '@/lib/authz';
import { parseId } from '@/lib/ids';
import { createSectionSchema, readSectionForm, updateSectionSchema } from '@/lib/section-form';

/** Which form field a refusal is about, so the message shows next to it. */
const FIELD_OF: Partial<Record<AppFailure, string>> = {
  duplicate_section_code: 'code',
  course_not_found: 'courseId',
  term_not_found: 'termId',
  instructor_not_found: 'instructorId',
  not_an_instructor: 'instructorId',
  capacity_below_enrolled: 'capacity',
};

function refuse(reason: AppFailure, message = answerFor(reason).message): ActionState {
  const field = FIELD_OF[reason];
  return failure(message, field ? { [field]: [message] } : undefined);
}

function invalid(error: z.ZodError): ActionState {
  return failure(answerFor('invalid_input').message, z.flattenError(error).fieldErrors);
}

/** An instructor id from the form must name an instructor account (the foreign key only knows "a user"). */
async function checkInstructor(instructorId: number | null): Promise<AppFailure | null> {
  if (instructorId === null) return null;
  try {
    const user = await findUserRole(instructorId);
    if (!user) return 'instructor_not_found';
    return user.role === 'instructor' ? null : 'not_an_instructor';
  } catch (error) {
    return classifyDbError(error);
  }
}

function revalidateSections(sectionId?: number) {
  revalidatePath('/registrar');
  revalidatePath('/instructor');
  revalidatePath('/sections');
  if (sectionId) {
    revalidatePath(`/sections/${sectionId}`);
    revalidatePath(`/registrar/sections/${sectionId}`);
  }
}

export async function createSectionAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireRole('registrar');
  if (!user.ok) return failure(answerFor(user.reason).message);
  const parsed = createSectionSchema.safeParse(readSectionForm(formData));
  if (!parsed.success) return invalid(parsed.error);

  const instructorProblem = await checkInstructor(parsed.data.instructorId);
  if (instructorProblem) return refuse(instructorProblem);
  const result = await insertSection(parsed.data);
  if (!result.ok) return refuse(result.reason);
  revalidateSections();
  redirect(`/registrar/sections/${result.value.id}?created=1`);
}

/** Capacity, instructor, meeting time and place. A capacity below the seats taken is refused by the CHECK. */
export async function updateSectionAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireRole('registrar');
  if (!user.ok) return failure(answerFor(user.reason).message);
  const parsed = updateSectionSchema.safeParse(readSectionForm(formData));
  if (!parsed.success) return invalid(parsed.error);

  const { sectionId, ...changes } = parsed.data;
  const instructorProblem = await checkInstructor(changes.instructorId);
  if (instructorProblem) return refuse(instructorProblem);
  const result = await updateSection(sectionId, changes);
  if (!result.ok) {
    return result.reason === 'capacity_below_enrolled'
      ? refuse(result.reason, capacityBelowEnrolledMessage(result.enrolledCount))
      : refuse(result.reason);
  }
  revalidateSections(sectionId);
  return success('Section saved.');
}

/** Only a section nobody ever enrolled in can be deleted (the foreign key from enrollments restricts). */
export async function deleteSectionAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireRole('registrar');
  if (!user.ok) return failure(answerFor(user.reason).message);
  const sectionId = parseId(formData.get('sectionId'));
  if (!sectionId) return failure(answerFor('invalid_section_id').message);

  const result = await deleteSection(sectionId);
  if (!result.ok) return refuse(result.reason);
  revalidateSections(sectionId);
  redirect('/registrar?deleted=1');
}
