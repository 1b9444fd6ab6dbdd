import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db } from '../index';
import type { Executor } from '../executor';

export interface AppointmentPlanInput {
  order: 'credits' | 'standing';
  /** Campus wall-clock time, 'YYYY-MM-DDTHH:MM'. */
  start: string;
  perSlot: number;
  everyMinutes: number;
  priorityMajor: string | null;
  /** Priority groups first, in this order (a student in several takes the first); none by default. */
  groupIds?: number[];
}

/**
 * Every student with their appointment under the plan, in one statement: the priority order (the named priority groups
 * first, in the order given; then a major if named; then class standing when asked, then earned credits, highest
 * first; the user id breaks ties), `perSlot` students per
 * slot, a slot every `everyMinutes` from the start read in the campus time zone. A student without a profile counts
 * as a freshman with no credits.
 */
function planned(termId: number, plan: AppointmentPlanInput, timeZone: string): SQL {
  const major = plan.priorityMajor ? sql`(p.major IS NOT DISTINCT FROM ${plan.priorityMajor}) DESC,` : sql``;
  const standing = plan.order === 'standing' ? sql`coalesce(p.class_standing, 'freshman') DESC,` : sql``;
  // The group's place in the plan's list (1 first); NULL for a student in none of them, who comes after.
  const groups = `{${(plan.groupIds ?? []).map((id) => Math.trunc(id)).join(',')}}`;
  return sql`
    WITH grouped AS (
      SELECT u.id, p.major, p.class_standing, p.earned_credits,
             (SELECT min(array_position(${groups}::int[], gm.group_id)) FROM priority_group_members gm
               WHERE gm.student_id = u.id AND gm.group_id = ANY(${groups}::int[])) AS group_rank
        FROM users u LEFT JOIN student_profiles p ON p.student_id = u.id
       WHERE u.role = 'student'),
    ranked AS (
      SELECT p.id AS student_id, p.group_rank,
             (row_number() OVER (ORDER BY p.group_rank NULLS LAST, ${major} ${standing} coalesce(p.earned_credits, 0) DESC, p.id) - 1) AS n
        FROM grouped p),
    plan AS (
      SELECT student_id, group_rank, ${termId}::integer AS term_id,
             (${plan.start}::timestamp AT TIME ZONE ${timeZone})
               + (n / ${plan.perSlot}::integer) * make_interval(mins => ${plan.everyMinutes}::integer) AS opens_at
        FROM ranked)`;
}

export interface AppointmentSlot {
  opensAt: Date;
  students: number;
}

/** The preview: each slot's time and how many students it opens for. */
export async function previewAppointments(
  termId: number,
  plan: AppointmentPlanInput,
  timeZone: string,
  database: Executor = db(),
): Promise<AppointmentSlot[]> {
  const rows = await database.execute<{ opens_at: string; students: number }>(sql`
    ${planned(termId, plan, timeZone)}
    SELECT opens_at::text, count(*)::int AS students FROM plan GROUP BY opens_at ORDER BY opens_at`);
  return rows.map((r) => ({ opensAt: new Date(r.opens_at), students: r.students }));
}

export interface AppointmentGroupCount {
  /** The group's place in the plan's list (1 first), or null for the students in none of them. */
  rank: number | null;
  students: number;
  first: Date;
  last: Date;
}

/** The preview per priority group: how many of its members the plan places, and their first and last slot. */
export async function previewAppointmentGroups(
  termId: number,
  plan: AppointmentPlanInput,
  timeZone: string,
  database: Executor = db(),
): Promise<AppointmentGroupCount[]> {
  const rows = await database.execute<{ rank: number | null; students: number; first: string; last: string }>(sql`
    ${planned(termId, plan, timeZone)}
    SELECT group_rank AS rank, count(*)::int AS students, min(opens_at)::text AS first, max(opens_at)::text AS last
      FROM plan GROUP BY group_rank ORDER BY group_rank NULLS LAST`);
  return rows.map((r) => ({ rank: r.rank, students: r.students, first: new Date(r.first), last: new Date(r.last) }));
}

/** Applies the plan to every student in one statement (one transaction): each student's appointment is set or moved. */
export async function applyAppointments(
  termId: number,
  plan: AppointmentPlanInput,
  timeZone: string,
  database: Executor = db(),
): Promise<number> {
  const rows = await database.execute<{ student_id: number }>(sql`
    ${planned(termId, plan, timeZone)}
    INSERT INTO registration_appointments (student_id, term_id, opens_at)
    SELECT student_id, term_id, opens_at FROM plan
    ON CONFLICT (student_id, term_id) DO UPDATE SET opens_at = EXCLUDED.opens_at
    RETURNING student_id`);
  return rows.length;
}

/** How many students of a term have an appointment, and the first and last. */
export async function appointmentSummary(termId: number, database: Executor = db()) {
  const [row] = await database.execute<{ n: number; first: string | null; last: string | null }>(sql`
    SELECT count(*)::int AS n, min(opens_at)::text AS first, max(opens_at)::text AS last
      FROM registration_appointments WHERE term_id = ${termId}`);
  return {
    students: row?.n ?? 0,
    first: row?.first ? new Date(row.first) : null,
    last: row?.last ? new Date(row.last) : null,
  };
}
