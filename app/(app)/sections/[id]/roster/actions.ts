'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { failure, success, type ActionState } from '@/lib/action-state';
import { answerFor, type AppFailure } from '@/lib/answers';
import { requireRole } from '@/lib/authz';
import { dropOnBehalf, enrollOnBehalf } from '@/lib/registrar-overrides';
import { rosterOverrideSchema } from '@/lib/section-form';

function revalidateSection(sectionId: number) {
  revalidatePath(`/sections/${sectionId}/roster`);
  revalidatePath(`/sections/${sectionId}`);
  revalidatePath('/sections');
  revalidatePath('/registrar');
  revalidatePath('/instructor');
}

const ABOUT_THE_STUDENT = new Set<AppFailure>([
  'student_not_found',
  'not_a_student',
  'student_already_enrolled',
  'student_not_enrolled',
]);

type Override = typeof enrollOnBehalf;
type Outcome = Extract<Awaited<ReturnType<Override>>, { ok: true }>['value'];

/** Registrar only; the student is named in the form (by email) and must be a student account. */
async function override(
  formData: FormData,
  run: Override,
  done: (who: string, outcome: Outcome) => string,
): Promise<ActionState> {
  const user = await requireRole('registrar');
  if (!user.ok) return failure(answerFor(user.reason).message);
  const parsed = rosterOverrideSchema.safeParse({
    sectionId: formData.get('sectionId') ?? '',
    studentEmail: formData.get('studentEmail') ?? '',
  });
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    if (fieldErrors.sectionId) return failure(answerFor('invalid_section_id').message);
    return failure(answerFor('invalid_input').message, fieldErrors);
  }
  const result = await run(parsed.data.studentEmail, parsed.data.sectionId);
  if (!result.ok) {
    const { message } = answerFor(result.reason);
    return failure(message, ABOUT_THE_STUDENT.has(result.reason) ? { studentEmail: [message] } : undefined);
  }
  revalidateSection(parsed.data.sectionId);
  const { student } = result.value;
  return success(done(`${student.name} (${student.email})`, result.value));
}

export async function registrarEnrollAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return override(formData, enrollOnBehalf, (who) => `${who} is enrolled in this section.`);
}

export async function registrarDropAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return override(formData, dropOnBehalf, (who, { mode }) =>
    mode === 'drop' ? `${who} was dropped from this section.` : `${who} was withdrawn from this section.`,
  );
}
