/** Registration appointments assigned by rule (docs/decisions/0025), for the registrar's page. */
import 'server-only';
import { applyAppointments, previewAppointments, type AppointmentSlot } from '@/db/queries/appointments';
import { refusalOrThrow } from '@/db/errors';
import type { Result } from '@/lib/outcomes';
import { CAMPUS_TIME_ZONE } from '@/lib/format';
import type { AppointmentPlan } from '@/lib/web/appointment-plan';

export function previewAppointmentPlan({ termId, ...plan }: AppointmentPlan): Promise<AppointmentSlot[]> {
  return previewAppointments(termId, plan, CAMPUS_TIME_ZONE);
}

export async function applyAppointmentPlan({ termId, ...plan }: AppointmentPlan): Promise<Result<{ students: number }>> {
  try {
    return { ok: true, value: { students: await applyAppointments(termId, plan, CAMPUS_TIME_ZONE) } };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'assign_appointments', ['term_not_found'] as const) };
  }
}
