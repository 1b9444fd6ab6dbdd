'use server';

import { z } from 'zod';
import { idSchema } from '@/lib/ids';
import { enrollStudent, leaveSection, type LeaveOutcome } from '@/lib/domain/students';
import { swapSection } from '@/lib/domain/waitlists';
import { enrollStudentInSet } from '@/lib/domain/sets';
import { action } from '@/lib/web/action';
import { ENROLLED, ENROLLED_IN_SET } from '@/app/_components/direct-enroll';

// The student is whoever is signed in; only the section id comes from the form.
const sectionForm = z.object({ sectionId: idSchema });

export const enrollAction = action({
  roles: ['student'],
  input: sectionForm,
  run: ({ sectionId }, user) => enrollStudent(user.id, sectionId),
  changed: ({ sectionId }) => sectionId,
  done: () => ENROLLED,
});

/** Leaving a section, its answer worded for where the form sits. */
const leaveSaying = (done: (left: LeaveOutcome) => string) =>
  action({
    roles: ['student'],
    input: sectionForm,
    run: ({ sectionId }, user) => leaveSection(user.id, sectionId),
    changed: ({ sectionId }) => sectionId,
    done: (left) => done(left),
  });

/** On the section's own page, whose heading names it. */
export const leaveAction = leaveSaying(({ mode }) =>
  mode === 'drop' ? 'You dropped this section.' : 'You withdrew from this section.',
);

/** In a list (the schedule), where the section's row is gone once it is left: the answer names it. */
export const leaveNamedAction = leaveSaying(({ mode, label }) =>
  mode === 'drop' ? `You dropped ${label}.` : `You withdrew from ${label}.`,
);

/** This section in place of one the student holds, in one transaction (docs/decisions/0011). */
export const swapAction = action({
  roles: ['student'],
  input: z.object({ sectionId: idSchema, swapFrom: idSchema }),
  run: ({ sectionId, swapFrom }, user) => swapSection(user.id, sectionId, swapFrom),
  changed: ({ sectionId, swapFrom }) => [sectionId, swapFrom],
  fieldOf: { swap_source_not_held: 'swapFrom' },
  done: () => 'You are enrolled in this section, and your seat in the other section was released.',
});

/** A lecture with its picked lab (docs/decisions/0022): every section or none, in one transaction. */
export const enrollSetAction = action({
  roles: ['student'],
  input: z.object({ sections: z.union([idSchema.transform((id) => [id]), z.array(idSchema).min(1).max(10)]) }),
  run: ({ sections }, user) => enrollStudentInSet(user.id, sections),
  changed: ({ sections }) => sections,
  done: () => ENROLLED_IN_SET,
});
