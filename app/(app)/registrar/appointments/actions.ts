'use server';

import { applyAppointmentPlan } from '@/lib/domain/appointments';
import { action } from '@/lib/web/action';
import { appointmentPlanSchema } from '@/lib/web/appointment-plan';

/** Applies the previewed plan in one transaction: every student's appointment in the term is set or moved. */
export const applyAppointmentsAction = action({
  roles: ['registrar'],
  input: appointmentPlanSchema,
  run: (plan) => applyAppointmentPlan(plan),
  done: ({ students }) => `Appointments set for ${students === 1 ? '1 student' : `${students} students`}.`,
});
