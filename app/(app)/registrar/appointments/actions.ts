'use server';

import { revalidatePath } from 'next/cache';
import { deletePriorityGroup, savePriorityGroup } from '@/db/queries/priority-groups';
import { applyAppointmentPlan } from '@/lib/domain/appointments';
import { action } from '@/lib/web/action';
import { appointmentPlanSchema, priorityGroupIdSchema, priorityGroupSchema } from '@/lib/web/appointment-plan';

/** Applies the previewed plan in one transaction: every student's appointment in the term is set or moved. */
export const applyAppointmentsAction = action({
  roles: ['registrar'],
  input: appointmentPlanSchema,
  run: (plan) => applyAppointmentPlan(plan),
  done: ({ students }) => `Appointments set for ${students === 1 ? '1 student' : `${students} students`}.`,
  fieldOf: { unknown_priority_group: 'groups' },
});

/** A priority group saved from an e-mail list: created, or its members replaced, in one transaction. */
export const savePriorityGroupAction = action({
  roles: ['registrar'],
  input: priorityGroupSchema,
  run: async ({ name, emails }) => {
    const result = await savePriorityGroup(name, emails);
    if (result.ok) revalidatePath('/registrar/appointments');
    return result;
  },
  done: ({ name, members }) => `${name}: ${members === 1 ? '1 student' : `${members} students`}.`,
  fieldOf: { unknown_students: 'emails' },
});

export const deletePriorityGroupAction = action({
  roles: ['registrar'],
  input: priorityGroupIdSchema,
  run: async ({ groupId }) => {
    const result = await deletePriorityGroup(groupId);
    if (result.ok) revalidatePath('/registrar/appointments');
    return result;
  },
  done: ({ name }) => `${name} removed.`,
});
