/** Registration appointments assigned by rule (docs/decisions/0025), for the registrar's page. */
import 'server-only';
import {
  applyAppointments,
  previewAppointmentGroups,
  previewAppointments,
  type AppointmentSlot,
} from '@/db/queries/appointments';
import { resolvePriorityGroups } from '@/db/queries/priority-groups';
import { refusalOrThrow } from '@/db/errors';
import type { Result } from '@/lib/outcomes';
import { CAMPUS_TIME_ZONE } from '@/lib/format';
import type { AppointmentPlan } from '@/lib/web/appointment-plan';

export interface GroupPreview {
  /** The group's name, or null for the students in none of the groups named. */
  name: string | null;
  students: number;
  first: Date;
  last: Date;
}

export interface AppointmentPreview {
  slots: AppointmentSlot[];
  groups: GroupPreview[];
}

/** The slots with their counts, and how many of each named group the plan places where. */
export async function previewAppointmentPlan({ termId, groups, ...plan }: AppointmentPlan): Promise<Result<AppointmentPreview>> {
  const named = await resolvePriorityGroups(groups);
  if (!named.ok) return named;
  const input = { ...plan, groupIds: named.value.map((g) => g.id) };
  const [slots, counts] = await Promise.all([
    previewAppointments(termId, input, CAMPUS_TIME_ZONE),
    named.value.length ? previewAppointmentGroups(termId, input, CAMPUS_TIME_ZONE) : [],
  ]);
  const previews = counts.map(({ rank, ...count }) => ({ ...count, name: rank === null ? null : named.value[rank - 1]!.name }));
  return { ok: true, value: { slots, groups: previews } };
}

/** One statement: every student's appointment in the term set or moved, the named groups first in their order. */
export async function applyAppointmentPlan({ termId, groups, ...plan }: AppointmentPlan): Promise<Result<{ students: number }>> {
  const named = await resolvePriorityGroups(groups);
  if (!named.ok) return named;
  try {
    const students = await applyAppointments(termId, { ...plan, groupIds: named.value.map((g) => g.id) }, CAMPUS_TIME_ZONE);
    return { ok: true, value: { students } };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'assign_appointments', ['term_not_found'] as const) };
  }
}
