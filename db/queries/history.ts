import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db } from '../index';
import type { Executor } from '../executor';
import type { EnrollmentEventKind, UserRole } from '../schema';

export interface HistoryFilter {
  studentId?: number;
  sectionId?: number;
  kind?: EnrollmentEventKind;
  /** Events of one term's sections. */
  termId?: number;
  /** Paging: events older than this one (ids only grow, so a page never repeats or skips one). */
  beforeId?: number;
  /** Calendar days in `timeZone` (the campus's), inclusive: 'YYYY-MM-DD'. */
  from?: string;
  to?: string;
  timeZone: string;
}

/** One event with the names a sentence needs (docs/decisions/0012). */
export interface HistoryRow {
  id: number;
  at: Date;
  kind: EnrollmentEventKind;
  studentId: number;
  studentName: string | null;
  studentEmail: string | null;
  sectionId: number;
  section: string | null;
  fromSection: string | null;
  releasedAs: 'dropped' | 'withdrawn' | null;
  position: number | null;
  cause: string | null;
  /** passed_over, conflict_accepted: what drizzle/0008 recorded (docs/decisions/0018). */
  detail: unknown;
  actorId: number | null;
  actorName: string | null;
  actorRole: UserRole | null;
  /** A promotion's freeing event: whose seat it was and who gave it back. */
  freedByStudentId: number | null;
  freedByStudentName: string | null;
  freedByActorId: number | null;
}

/** The most events one page or file shows; the filters narrow a longer history. */
export const HISTORY_LIMIT = 1000;

/** Events newest first, by student or section (indexed on either), of one kind, within campus days. */
export async function listHistory(filter: HistoryFilter, database: Executor = db()): Promise<HistoryRow[]> {
  const conditions: SQL[] = [];
  if (filter.studentId !== undefined) conditions.push(sql`e.student_id = ${filter.studentId}`);
  if (filter.sectionId !== undefined) conditions.push(sql`e.section_id = ${filter.sectionId}`);
  if (filter.kind) conditions.push(sql`e.kind = ${filter.kind}`);
  if (filter.termId !== undefined)
    conditions.push(sql`EXISTS (SELECT 1 FROM sections s WHERE s.id = e.section_id AND s.term_id = ${filter.termId})`);
  if (filter.beforeId !== undefined) conditions.push(sql`e.id < ${filter.beforeId}`);
  if (filter.from) conditions.push(sql`e.at >= (${filter.from}::date)::timestamp AT TIME ZONE ${filter.timeZone}`);
  if (filter.to) conditions.push(sql`e.at < (${filter.to}::date + 1)::timestamp AT TIME ZONE ${filter.timeZone}`);
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const rows = await database.execute<Record<string, unknown>>(sql`
    SELECT e.id::text AS id, e.at, e.kind, e.student_id, st.name AS student_name, st.email AS student_email,
           e.section_id, section_label(e.section_id) AS section,
           CASE WHEN e.from_section_id IS NOT NULL THEN section_label(e.from_section_id) END AS from_section,
           e.released_as, e.position, e.cause, e.detail, e.actor_id, a.name AS actor_name, a.role AS actor_role,
           f.student_id AS freed_by_student_id, fs.name AS freed_by_student_name, f.actor_id AS freed_by_actor_id
      FROM enrollment_events e
      LEFT JOIN users st ON st.id = e.student_id
      LEFT JOIN users a ON a.id = e.actor_id
      LEFT JOIN enrollment_events f ON f.id = e.freed_by_event_id
      LEFT JOIN users fs ON fs.id = f.student_id
      ${where}
     ORDER BY e.id DESC
     LIMIT ${HISTORY_LIMIT}`);
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at as string),
    kind: r.kind as EnrollmentEventKind,
    studentId: r.student_id as number,
    studentName: r.student_name as string | null,
    studentEmail: r.student_email as string | null,
    sectionId: r.section_id as number,
    section: r.section as string | null,
    fromSection: r.from_section as string | null,
    releasedAs: r.released_as as HistoryRow['releasedAs'],
    position: r.position as number | null,
    cause: r.cause as string | null,
    detail: r.detail ?? null,
    actorId: r.actor_id as number | null,
    actorName: r.actor_name as string | null,
    actorRole: r.actor_role as UserRole | null,
    freedByStudentId: r.freed_by_student_id as number | null,
    freedByStudentName: r.freed_by_student_name as string | null,
    freedByActorId: r.freed_by_actor_id as number | null,
  }));
}
