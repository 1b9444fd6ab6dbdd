'use server';

import { z } from 'zod';
import { idSchema } from '@/lib/ids';
import { joinSectionWaitlist, leaveSectionWaitlist, removeFromWaitlist } from '@/lib/domain/waitlists';
import { action } from '@/lib/web/action';

// The student is whoever is signed in; only the section id comes from the form.
const sectionForm = z.object({ sectionId: idSchema });

export const joinWaitlistAction = action({
  roles: ['student'],
  input: sectionForm,
  run: ({ sectionId }, user) => joinSectionWaitlist(user.id, sectionId),
  changed: ({ sectionId }) => sectionId,
  done: ({ position, length }) => `You are number ${position} of ${length} on the waitlist.`,
});

export const leaveWaitlistAction = action({
  roles: ['student'],
  input: sectionForm,
  run: ({ sectionId }, user) => leaveSectionWaitlist(user.id, sectionId),
  changed: ({ sectionId }) => sectionId,
  done: () => 'You left the waitlist.',
});

export const removeFromWaitlistAction = action({
  roles: ['registrar'],
  input: z.object({ sectionId: idSchema, email: z.string().trim().toLowerCase().email() }),
  run: ({ sectionId, email }, user) => removeFromWaitlist(email, sectionId, user.id),
  changed: ({ sectionId }) => sectionId,
  done: (_value, { email }) => `${email} was removed from the waitlist.`,
});
