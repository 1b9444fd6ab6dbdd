'use server';

import { recordSectionGrades } from '@/lib/domain/grades';
import { action } from '@/lib/web/action';
import { recordGradesFormSchema } from '@/lib/web/grades-form';

/** The section's instructor or a registrar: every grade chosen on the roster, saved in one transaction. */
export const recordGradesAction = action({
  roles: ['instructor', 'registrar'],
  input: recordGradesFormSchema,
  run: ({ sectionId, grades }, user) => recordSectionGrades(user, sectionId, grades),
  changed: ({ sectionId }) => sectionId,
  done: ({ completed }) => `Final grades saved: ${completed === 1 ? '1 student' : `${completed} students`} completed the course.`,
});
