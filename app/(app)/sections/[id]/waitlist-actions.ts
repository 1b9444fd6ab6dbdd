'use server';

import { z } from 'zod';
import { idSchema } from '@/lib/ids';
import { changeWaitlistSwapFrom, joinSectionWaitlist, leaveSectionWaitlist, removeFromWaitlist } from '@/lib/domain/waitlists';
import { action } from '@/lib/web/action';

// The student is whoever is signed in; only the section id comes from the form.
const sectionForm = z.object({ sectionId: idSchema });

export const joinWaitlistAction = action({
  roles: ['student'],
  // "Nothing" in the form's "in place of" list is an empty value: a plain waitlist entry.
  input: sectionForm.extend({ swapFrom: z.union([z.literal('').transform(() => null), idSchema]).optional() }),
  run: ({ sectionId, swapFrom }, user) => joinSectionWaitlist(user.id, sectionId, swapFrom ?? null),
  changed: ({ sectionId }) => sectionId,
  fieldOf: { swap_source_not_held: 'swapFrom' },
  done: ({ position, length }, { swapFrom }) =>
    `You are number ${position} of ${length} on the waitlist.` +
    (swapFrom ? ' When your turn comes, your seat in the other section is released in the same step.' : ''),
});

/** docs/decisions/0018: a new (or no) seat to release when the student's turn comes; the place is kept. */
export const changeSwapFromAction = action({
  roles: ['student'],
  input: sectionForm.extend({ swapFrom: z.union([z.literal('').transform(() => null), idSchema]) }),
  run: ({ sectionId, swapFrom }, user) => changeWaitlistSwapFrom(user.id, sectionId, swapFrom),
  changed: ({ sectionId }) => sectionId,
  fieldOf: { swap_source_not_held: 'swapFrom' },
  done: ({ position, length, promoted }, { swapFrom }) =>
    promoted
      ? 'A seat was free for you: you are now enrolled.'
      : `Saved. You keep your place, number ${position} of ${length}; ` +
        (swapFrom ? 'that seat is released when your turn comes.' : 'no seat is released when your turn comes.'),
});

export const leaveWaitlistAction = action({
  roles: ['student'],
  input: sectionForm,
  run: ({ sectionId }, user) => leaveSectionWaitlist(user.id, sectionId),
  changed: ({ sectionId }) => sectionId,
  done: ({ label }) => `You left the waitlist for ${label}.`,
});

export const removeFromWaitlistAction = action({
  roles: ['registrar'],
  input: z.object({ sectionId: idSchema, email: z.string().trim().toLowerCase().email() }),
  run: ({ sectionId, email }, user) => removeFromWaitlist(email, sectionId, user.id),
  changed: ({ sectionId }) => sectionId,
  done: (_value, { email }) => `${email} was removed from the waitlist.`,
});
