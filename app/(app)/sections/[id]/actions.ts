'use server';

import { z } from 'zod';
import { idSchema } from '@/lib/ids';
import { enrollStudent, leaveSection } from '@/lib/domain/students';
import { swapSection } from '@/lib/domain/waitlists';
import { action } from '@/lib/web/action';

// The student is whoever is signed in; only the section id comes from the form.
const sectionForm = z.object({ sectionId: idSchema });

export const enrollAction = action({
  roles: ['student'],
  input: sectionForm,
  run: ({ sectionId }, user) => enrollStudent(user.id, sectionId),
  changed: ({ sectionId }) => sectionId,
  done: () => 'You are enrolled in this section.',
});

export const leaveAction = action({
  roles: ['student'],
  input: sectionForm,
  run: ({ sectionId }, user) => leaveSection(user.id, sectionId),
  changed: ({ sectionId }) => sectionId,
  done: ({ mode }) => (mode === 'drop' ? 'You dropped this section.' : 'You withdrew from this section.'),
});

/** This section in place of one the student holds, in one transaction (docs/decisions/0011). */
export const swapAction = action({
  roles: ['student'],
  input: z.object({ sectionId: idSchema, swapFrom: idSchema }),
  run: ({ sectionId, swapFrom }, user) => swapSection(user.id, sectionId, swapFrom),
  changed: ({ sectionId, swapFrom }) => [sectionId, swapFrom],
  fieldOf: { swap_source_not_held: 'swapFrom' },
  done: () => 'You are enrolled in this section, and your seat in the other section was released.',
});
