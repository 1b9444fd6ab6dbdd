'use server';

import { grantOverrideFor, liftHoldFor, placeHoldFor, revokeOverrideFor, setCreditMaximumFor } from '@/lib/domain/registrar';
import { action } from '@/lib/web/action';
import {
  creditMaximumSchema,
  grantOverrideSchema,
  liftHoldSchema,
  placeHoldSchema,
  revokeOverrideSchema,
} from '@/lib/web/student-form';

const student = ({ studentId }: { studentId: number }) => studentId;

export const placeHoldAction = action({
  roles: ['registrar'],
  input: placeHoldSchema,
  run: ({ studentId, reason }, user) => placeHoldFor(studentId, reason, user.id),
  changedStudent: student,
  done: () => 'Hold placed. The student cannot add sections until it is lifted.',
  fieldOf: { invalid_value: 'reason' },
});

export const liftHoldAction = action({
  roles: ['registrar'],
  input: liftHoldSchema,
  run: ({ studentId, holdId }, user) => liftHoldFor(studentId, holdId, user.id),
  changedStudent: student,
  done: () => 'Hold lifted.',
});

export const setCreditMaximumAction = action({
  roles: ['registrar'],
  input: creditMaximumSchema,
  run: ({ studentId, termId, maxCredits }) => setCreditMaximumFor(studentId, termId, maxCredits),
  changedStudent: student,
  done: ({ maxCredits }) => `The maximum is now ${maxCredits} credits.`,
  fieldOf: { credit_max_below_load: 'maxCredits', invalid_value: 'maxCredits' },
});

export const grantOverrideAction = action({
  roles: ['registrar'],
  input: grantOverrideSchema,
  run: ({ studentId, sectionId, rule, note }, user) => grantOverrideFor({ studentId, sectionId, rule, note }, user.id),
  changedStudent: student,
  done: () => 'Override granted. It applies to the next attempt at that section.',
  fieldOf: { section_not_found: 'sectionId' },
});

export const revokeOverrideAction = action({
  roles: ['registrar'],
  input: revokeOverrideSchema,
  run: ({ studentId, sectionId, rule }, user) => revokeOverrideFor(studentId, sectionId, rule, user.id),
  changedStudent: student,
  done: () => 'Override revoked.',
});
