'use server';

import type { Failure } from '@/lib/outcomes';
import { dropOnBehalf, enrollOnBehalf, type OnBehalfOutcome } from '@/lib/domain/registrar';
import { action } from '@/lib/web/action';
import { rosterOverrideSchema } from '@/lib/web/section-form';

const ABOUT_THE_STUDENT: Partial<Record<Failure, string>> = {
  student_not_found: 'studentEmail',
  not_a_student: 'studentEmail',
  student_already_enrolled: 'studentEmail',
  student_not_enrolled: 'studentEmail',
};

const who = ({ student }: OnBehalfOutcome) => `${student.name} (${student.email})`;

/** Registrar only; the student is named in the form (by email) and must be a student account. */
export const registrarEnrollAction = action({
  roles: ['registrar'],
  input: rosterOverrideSchema,
  run: ({ studentEmail, sectionId }, user) => enrollOnBehalf(studentEmail, sectionId, user.id),
  changed: ({ sectionId }) => sectionId,
  done: (outcome) => `${who(outcome)} is enrolled in this section.`,
  fieldOf: ABOUT_THE_STUDENT,
});

export const registrarDropAction = action({
  roles: ['registrar'],
  input: rosterOverrideSchema,
  run: ({ studentEmail, sectionId }, user) => dropOnBehalf(studentEmail, sectionId, user.id),
  changed: ({ sectionId }) => sectionId,
  done: (outcome) =>
    outcome.mode === 'drop'
      ? `${who(outcome)} was dropped from this section.`
      : `${who(outcome)} was withdrawn from this section.`,
  fieldOf: ABOUT_THE_STUDENT,
});
