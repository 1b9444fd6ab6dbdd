import 'server-only';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Result } from '@/core/result';
import { db } from '../index';
import { refusalOrThrow } from '../errors';
import type { Executor } from '../executor';
import type { Meeting } from '@/core/meetings';
import type { TimeConflictDetail } from '@/core/rules';
import { sectionMeetings, sections } from '../schema';

/**
 * A section's meetings as one column ([{ day, startsAt, endsAt }], "HH:MM", in day order): every list of sections
 * selects them this way, in the same statement as the section.
 */
export const sectionMeetingsColumn = sql<Meeting[]>`section_meetings_json(${sections.id})`;

/** Meetings of the given sections, "HH:MM" times, in day order. */
export async function listSectionMeetings(sectionIds: number[], database: Executor = db()): Promise<Map<number, Meeting[]>> {
  const result = new Map<number, Meeting[]>(sectionIds.map((id) => [id, []]));
  if (!sectionIds.length) return result;
  const rows = await database
    .select({
      sectionId: sectionMeetings.sectionId,
      day: sectionMeetings.day,
      startsAt: sql<string>`to_char(${sectionMeetings.startsAt}, 'HH24:MI')`,
      endsAt: sql<string>`to_char(${sectionMeetings.endsAt}, 'HH24:MI')`,
      startsOn: sectionMeetings.startsOn,
      endsOn: sectionMeetings.endsOn,
    })
    .from(sectionMeetings)
    .where(inArray(sectionMeetings.sectionId, sectionIds))
    .orderBy(asc(sectionMeetings.day), asc(sectionMeetings.startsAt));
  // A part of the term only when there is one, as section_meetings_json writes it.
  for (const { sectionId, startsOn, endsOn, ...meeting } of rows) {
    result.get(sectionId)?.push({ ...meeting, ...(startsOn ? { startsOn } : {}), ...(endsOn ? { endsOn } : {}) });
  }
  return result;
}

/**
 * Replaces a section's meetings (zero = online/arranged). The section row is locked FOR UPDATE first, so the change
 * waits for enrollments in flight on it and never has to upgrade a weaker lock (docs/decisions/0008). A change that would make
 * an enrolled student's schedule overlap is refused: 'schedule_change_conflict' (the error's DETAIL names the student
 * and the other section; see ruleRefusalOf()).
 */
export async function replaceSectionMeetings(
  sectionId: number,
  meetings: readonly Meeting[],
  database: Executor = db(),
): Promise<Result<Meeting[], 'schedule_change_conflict' | 'invalid_value' | 'section_not_found'>> {
  try {
    const found = await database.transaction(async (tx) => {
      const [section] = await tx.execute<{ id: number }>(sql`SELECT id FROM sections WHERE id = ${sectionId} FOR UPDATE`);
      if (!section) return false;
      await tx.delete(sectionMeetings).where(eq(sectionMeetings.sectionId, sectionId));
      if (meetings.length) await tx.insert(sectionMeetings).values(meetings.map((m) => ({ sectionId, ...m })));
      return true;
    });
    if (!found) return { ok: false, reason: 'section_not_found' };
    return { ok: true, value: (await listSectionMeetings([sectionId], database)).get(sectionId) ?? [] };
  } catch (error) {
    const refusals = ['schedule_change_conflict', 'invalid_value', 'section_not_found'] as const;
    return { ok: false, reason: refusalOrThrow(error, 'replace_meetings', refusals) };
  }
}

/**
 * The first of the student's seats in the section's term whose meetings overlap the section's, with its time.
 * For a time_conflict without JSON detail (the EXCLUDE constraint's own error), and for the section page's
 * advisory notice before the click. Read-only; the database still decides at the click.
 */
export async function findTimeConflict(
  studentId: number,
  sectionId: number,
  database: Executor = db(),
): Promise<TimeConflictDetail | null> {
  const [row] = await database.execute<{ detail: TimeConflictDetail } & Record<string, unknown>>(sql`
    SELECT jsonb_build_object(
             'sectionId', m.section_id, 'conflictingSectionId', sm.section_id,
             'conflictingSection', section_label(sm.section_id),
             'day', sm.day, 'startsAt', to_char(sm.starts_at, 'HH24:MI'), 'endsAt', to_char(sm.ends_at, 'HH24:MI'),
             'conflictingMeetings', section_meetings_json(sm.section_id)) AS detail
    FROM section_meetings m
    JOIN sections s ON s.id = m.section_id
    JOIN terms t ON t.id = s.term_id
    JOIN student_meetings sm
      ON sm.student_id = ${studentId} AND sm.term_id = s.term_id AND sm.day = m.day AND NOT sm.exempt
     AND sm.section_id <> m.section_id
     AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(m.starts_at, m.ends_at)
     AND daterange(sm.starts_on, sm.ends_on, '[]')
         && daterange(coalesce(m.starts_on, t.classes_start_on), coalesce(m.ends_on, t.classes_end_on), '[]')
    WHERE m.section_id = ${sectionId}
      AND NOT EXISTS (SELECT 1 FROM rule_overrides o
                       WHERE o.student_id = ${studentId} AND o.section_id = m.section_id AND o.rule = 'time_conflict')
    ORDER BY sm.day, sm.starts_at
    LIMIT 1`);
  return row?.detail ?? null;
}
