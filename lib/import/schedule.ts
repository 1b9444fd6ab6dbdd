/**
 * Writing a schedule of classes into one term (docs/decisions/0024). Every write is conditional: a section, a
 * course, a cross-list or a prerequisite list equal to the file's is not touched, so importing the same file again
 * changes nothing. New sections go in a few set-based statements (no rule can refuse a section nobody holds);
 * each changed section is written in its own savepoint under the registrar's rules (a capacity below the enrolled
 * count, a meeting move onto a student's other class), and the database's refusal becomes that section's row error.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/executor';
import { refusalOrThrow } from '@/db/errors';
import { capacityBelowEnrolledMessage, outcomeFor } from '@/lib/outcomes';
import { courseKey, sectionKey, type ImportMeeting, type ImportSection, type ScheduleRows } from './schedule-rows';
import { emptyTally, type RowErrors, type Tally } from './report';
import { UNUSABLE_PASSWORD, intList, rowsOf, textList } from './sql';

interface ExistingSection {
  id: number;
  courseId: number;
  subject: string;
  number: string;
  code: string;
  capacity: number;
  waitlistCapacity: number;
  component: string;
  credits: number | null;
  location: string;
  instructorId: number | null;
  linkedCode: string | null;
  crossListCode: string | null;
  enrolledCount: number;
  meetings: ImportMeeting[];
}

const meetingsKey = (meetings: readonly ImportMeeting[]) =>
  meetings
    .map((m) => `${m.day} ${m.startsAt} ${m.endsAt} ${m.startsOn ?? ''} ${m.endsOn ?? ''}`)
    .sort()
    .join(';');

/** The sections of the term for the courses the file names, keyed like the file's. */
export async function loadTermSections(tx: Executor, termId: number, courseKeys: string[]) {
  const rows = await tx.execute<ExistingSection & Record<string, unknown>>(sql`
    SELECT s.id, s.course_id AS "courseId", c.subject, c.number, s.code, s.capacity, s.waitlist_capacity AS "waitlistCapacity",
           s.component, s.credits::float8 AS credits, s.location, s.instructor_id AS "instructorId",
           l.code AS "linkedCode", x.code AS "crossListCode", s.enrolled_count AS "enrolledCount",
           coalesce((SELECT jsonb_agg(jsonb_build_object('day', m.day, 'startsAt', to_char(m.starts_at, 'HH24:MI'),
                       'endsAt', to_char(m.ends_at, 'HH24:MI'), 'startsOn', m.starts_on, 'endsOn', m.ends_on))
                       FROM section_meetings m WHERE m.section_id = s.id), '[]') AS meetings
      FROM sections s JOIN courses c ON c.id = s.course_id
      LEFT JOIN sections l ON l.id = s.linked_section_id
      LEFT JOIN cross_lists x ON x.id = s.cross_list_id
     WHERE s.term_id = ${termId} AND (c.subject || ' ' || c.number) = ANY(${textList(courseKeys)})`);
  return new Map([...rows].map((s) => [sectionKey(s), s]));
}

export interface ScheduleOutcome {
  tallies: Record<string, Tally>;
  warnings: string[];
}

export async function writeSchedule(
  tx: Executor,
  termId: number,
  file: ScheduleRows,
  errors: RowErrors,
): Promise<ScheduleOutcome> {
  const wanted = [...file.sections.values()];
  const warnings: string[] = [];
  const tallies = { sections: emptyTally(), courses: emptyTally(), instructors: emptyTally() };
  const courseKeys = [...new Set(wanted.map((s) => courseKey(s.subject, s.number)))];
  const existing = await loadTermSections(tx, termId, courseKeys);
  const codesOf = new Map<string, Map<string, string>>();
  for (const s of existing.values()) {
    const k = courseKey(s.subject, s.number);
    codesOf.set(k, (codesOf.get(k) ?? new Map()).set(s.code, s.component));
  }
  file.finish((subject, number) => codesOf.get(courseKey(subject, number)) ?? new Map());
  if (errors.size) return { tallies, warnings };

  // Courses: the file's, then the ones its prerequisites name that the catalog lacks (added, with a warning).
  const firstOfCourse = new Map<string, ImportSection>();
  for (const s of wanted)
    if (!firstOfCourse.has(courseKey(s.subject, s.number))) firstOfCourse.set(courseKey(s.subject, s.number), s);
  // A new course's own credits: its largest section's (a 0-credit lab beside a 3-credit lecture makes a 3-credit
  // course), whole and within courses_credits_range; each section keeps its own in sections.credits.
  const mostCredits = new Map<string, number>();
  for (const s of wanted) {
    const k = courseKey(s.subject, s.number);
    mostCredits.set(k, Math.max(mostCredits.get(k) ?? 0, s.credits));
  }
  const courseRows = [...firstOfCourse.values()].map((s) => ({
    subject: s.subject,
    number: s.number,
    title: s.title,
    description: s.description,
    credits: Math.min(20, Math.round(mostCredits.get(courseKey(s.subject, s.number))!)),
  }));
  const courseResult = await rowsOf<{ created: boolean; updated: boolean }>(
    tx,
    sql`
    WITH wanted AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(courseRows)}::jsonb)
               AS w(subject text, number text, title text, description text, credits int)),
    added AS (
      INSERT INTO courses (subject, number, title, description, credits)
      SELECT subject, number, title, description, credits FROM wanted
      ON CONFLICT (subject, number) DO NOTHING
      RETURNING subject, number),
    changed AS (
      UPDATE courses c SET title = w.title, description = w.description FROM wanted w
       WHERE c.subject = w.subject AND c.number = w.number
         AND (c.title, c.description) IS DISTINCT FROM (w.title, w.description)
      RETURNING c.subject, c.number)
    SELECT EXISTS (SELECT 1 FROM added a WHERE a.subject = w.subject AND a.number = w.number) AS created,
           EXISTS (SELECT 1 FROM changed c WHERE c.subject = w.subject AND c.number = w.number) AS updated
      FROM wanted w`,
  );
  for (const c of courseResult) tallies.courses[c.created ? 'created' : c.updated ? 'updated' : 'unchanged']++;
  // Rows inserted by that statement are invisible to its own reads: the ids come from a second look.
  const courseIds = new Map<string, number>();
  const allCourses = await rowsOf<{ id: number; subject: string; number: string }>(
    tx,
    sql`SELECT id, subject, number FROM courses WHERE (subject || ' ' || number) = ANY(${textList(courseKeys)})`,
  );
  for (const c of allCourses) courseIds.set(courseKey(c.subject, c.number), c.id);

  const prerequisiteCodes = new Map<string, { line: number; subject: string; number: string }>();
  for (const s of firstOfCourse.values())
    for (const group of s.prerequisites?.groups ?? [])
      for (const p of group) {
        const k = courseKey(p.subject, p.number);
        if (!courseIds.has(k) && !prerequisiteCodes.has(k)) prerequisiteCodes.set(k, { line: s.prerequisites!.line, ...p });
      }
  if (prerequisiteCodes.size) {
    const known = await rowsOf<{ id: number; subject: string; number: string }>(
      tx,
      sql`SELECT id, subject, number FROM courses WHERE (subject || ' ' || number) = ANY(${textList([...prerequisiteCodes.keys()])})`,
    );
    for (const c of known) {
      courseIds.set(courseKey(c.subject, c.number), c.id);
      prerequisiteCodes.delete(courseKey(c.subject, c.number));
    }
    const missing = [...prerequisiteCodes.values()];
    if (missing.length) {
      const added = await rowsOf<{ id: number; subject: string; number: string }>(
        tx,
        sql`INSERT INTO courses (subject, number, title, credits)
            SELECT subject, number, subject || ' ' || number, 0
              FROM jsonb_to_recordset(${JSON.stringify(missing)}::jsonb) AS m(subject text, number text)
            RETURNING id, subject, number`,
      );
      for (const c of added) courseIds.set(courseKey(c.subject, c.number), c.id);
      for (const m of missing)
        warnings.push(
          `line ${m.line}: prerequisites: ${m.subject} ${m.number} was not in the catalog: added (title "${m.subject} ${m.number}")`,
        );
      tallies.courses.created += missing.length;
    }
  }

  // Instructors: an unknown email becomes an instructor who cannot sign in until given a password.
  const instructorByEmail = new Map<string, { email: string; name: string; line: number }>();
  for (const s of wanted)
    if (s.instructor && !instructorByEmail.has(s.instructor.email)) instructorByEmail.set(s.instructor.email, s.instructor);
  const instructorIds = new Map<string, number>();
  if (instructorByEmail.size) {
    const people = [...instructorByEmail.values()];
    const found = await rowsOf<{ id: number; email: string; role: string }>(
      tx,
      sql`SELECT id, email, role FROM users WHERE email = ANY(${textList(people.map((p) => p.email))})`,
    );
    for (const u of found) {
      if (u.role !== 'instructor') {
        for (const s of wanted)
          if (s.instructor?.email === u.email)
            errors.add(s.instructor.line, 'instructor_email', `${u.email} is a ${u.role}'s account, not an instructor's`);
      } else instructorIds.set(u.email, u.id);
    }
    const unknown = people.filter((p) => !found.some((u) => u.email === p.email));
    if (unknown.length) {
      const added = await rowsOf<{ id: number; email: string }>(
        tx,
        sql`INSERT INTO users (email, name, password_hash, role)
            SELECT email, name, ${UNUSABLE_PASSWORD}, 'instructor'
              FROM jsonb_to_recordset(${JSON.stringify(unknown)}::jsonb) AS p(email text, name text)
            RETURNING id, email`,
      );
      for (const u of added) instructorIds.set(u.email, u.id);
    }
    tallies.instructors.created = unknown.length;
    tallies.instructors.unchanged = people.length - unknown.length;
  }

  // Cross-lists of the term: created, or their capacity changed, only when the file says otherwise.
  const crossLists = new Map<string, number>();
  for (const s of wanted) if (s.crossList) crossLists.set(s.crossList.code, s.crossList.capacity);
  const crossListIds = new Map<string, number>();
  if (crossLists.size) {
    const rows = [...crossLists].map(([code, capacity]) => ({ code, capacity }));
    await tx.execute(sql`
      INSERT INTO cross_lists (term_id, code, capacity)
      SELECT ${termId}, code, capacity FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(code text, capacity int)
      ON CONFLICT (term_id, code) DO UPDATE SET capacity = excluded.capacity
       WHERE cross_lists.capacity IS DISTINCT FROM excluded.capacity`);
    const ids = await rowsOf<{ id: number; code: string }>(
      tx,
      sql`SELECT id, code FROM cross_lists WHERE term_id = ${termId} AND code = ANY(${textList([...crossLists.keys()])})`,
    );
    for (const x of ids) crossListIds.set(x.code, x.id);
  }
  if (errors.size) return { tallies, warnings };

  // Sections: new ones in bulk, changed ones one by one under the rules, equal ones not touched.
  const fresh: ImportSection[] = [];
  const changed: { want: ImportSection; have: ExistingSection }[] = [];
  for (const want of wanted) {
    const have = existing.get(sectionKey(want));
    if (!have) fresh.push(want);
    else if (differs(want, have, instructorIds)) changed.push({ want, have });
    else tallies.sections.unchanged++;
  }
  const settings = (s: ImportSection): SectionValues => ({
    course_id: courseIds.get(courseKey(s.subject, s.number))!,
    code: s.code,
    capacity: s.capacity,
    waitlist_capacity: s.waitlist,
    component: s.component,
    credits: s.credits,
    location: s.location,
    instructor_id: s.instructor ? (instructorIds.get(s.instructor.email) ?? null) : null,
    cross_list_id: s.crossList ? (crossListIds.get(s.crossList.code) ?? null) : null,
  });
  const sectionIds = new Map<string, number>([...existing].map(([k, s]) => [k, s.id]));
  for (let i = 0; i < fresh.length; i += 2000) {
    const chunk = fresh.slice(i, i + 2000);
    const inserted = await rowsOf<{ id: number; course_id: number; code: string }>(
      tx,
      sql`INSERT INTO sections (term_id, course_id, code, capacity, waitlist_capacity, component, credits, location, instructor_id, cross_list_id)
          SELECT ${termId}, course_id, code, capacity, waitlist_capacity, component, credits, location, instructor_id, cross_list_id
            FROM jsonb_to_recordset(${JSON.stringify(chunk.map(settings))}::jsonb)
                 AS s(course_id int, code text, capacity int, waitlist_capacity int, component text, credits numeric,
                      location text, instructor_id int, cross_list_id int)
          RETURNING id, course_id, code`,
    );
    const byCourseCode = new Map(inserted.map((r) => [`${r.course_id}|${r.code}`, r.id]));
    const meetings: (ImportMeeting & { section_id: number })[] = [];
    for (const s of chunk) {
      const id = byCourseCode.get(`${courseIds.get(courseKey(s.subject, s.number))}|${s.code}`)!;
      sectionIds.set(sectionKey(s), id);
      for (const m of s.meetings) meetings.push({ section_id: id, ...m });
    }
    if (meetings.length) await insertMeetings(tx, meetings);
  }
  tallies.sections.created = fresh.length;

  for (const { want, have } of changed) {
    const refusal = await updateOne(tx, have, settings(want), want.meetings);
    if (refusal) errors.add(want.line, refusal.column, refusal.reason);
    else tallies.sections.updated++;
  }
  if (errors.size) return { tallies, warnings };

  // Links last: both ends exist now. Only links that differ are written.
  const links = wanted.map((s) => ({
    id: sectionIds.get(sectionKey(s))!,
    linked: s.linkedTo ? (sectionIds.get(sectionKey({ ...s, code: s.linkedTo })) ?? null) : null,
  }));
  await tx.execute(sql`
    UPDATE sections s SET linked_section_id = l.linked
      FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS l(id int, linked int)
     WHERE s.id = l.id AND s.linked_section_id IS DISTINCT FROM l.linked`);

  await writePrerequisites(tx, [...firstOfCourse.values()], courseIds);
  return { tallies, warnings };
}

function differs(want: ImportSection, have: ExistingSection, instructorIds: Map<string, number>): boolean {
  const instructorId = want.instructor ? (instructorIds.get(want.instructor.email) ?? null) : null;
  return (
    want.capacity !== have.capacity ||
    want.waitlist !== have.waitlistCapacity ||
    want.component !== have.component ||
    want.credits !== have.credits ||
    want.location !== have.location ||
    instructorId !== have.instructorId ||
    (want.linkedTo ?? null) !== have.linkedCode ||
    (want.crossList?.code ?? null) !== have.crossListCode ||
    meetingsKey(want.meetings) !== meetingsKey(have.meetings)
  );
}

async function insertMeetings(tx: Executor, meetings: (ImportMeeting & { section_id: number })[]) {
  for (let i = 0; i < meetings.length; i += 5000)
    await tx.execute(sql`
      INSERT INTO section_meetings (section_id, day, starts_at, ends_at, starts_on, ends_on)
      SELECT section_id, day, "startsAt"::time, "endsAt"::time, "startsOn"::date, "endsOn"::date
        FROM jsonb_to_recordset(${JSON.stringify(meetings.slice(i, i + 5000))}::jsonb)
             AS m(section_id int, day int, "startsAt" text, "endsAt" text, "startsOn" text, "endsOn" text)`);
}

/**
 * One changed section in a savepoint: the row lock first (docs/decisions/0008), then the section's columns, then
 * its meetings only if they differ. A refusal rolls back to the savepoint and is returned as the row's error.
 */
async function updateOne(
  tx: Executor,
  have: ExistingSection,
  s: SectionValues,
  meetings: ImportMeeting[],
): Promise<{ column: string; reason: string } | null> {
  try {
    await tx.transaction(async (sp) => {
      await sp.execute(sql`SELECT id FROM sections WHERE id = ${have.id} FOR UPDATE`);
      await sp.execute(sql`
        UPDATE sections SET capacity = ${s.capacity}, waitlist_capacity = ${s.waitlist_capacity}, component = ${s.component},
               credits = ${s.credits}, location = ${s.location}, instructor_id = ${s.instructor_id},
               cross_list_id = ${s.cross_list_id}, updated_at = now()
         WHERE id = ${have.id}
           AND (capacity, waitlist_capacity, component, credits, location, instructor_id, cross_list_id)
               IS DISTINCT FROM (${s.capacity}, ${s.waitlist_capacity}, ${s.component}, ${s.credits}::numeric, ${s.location},
                                 ${s.instructor_id}::int, ${s.cross_list_id}::int)`);
      if (meetingsKey(meetings) !== meetingsKey(have.meetings)) {
        await sp.execute(sql`DELETE FROM section_meetings WHERE section_id = ${have.id}`);
        if (meetings.length)
          await insertMeetings(
            sp,
            meetings.map((m) => ({ section_id: have.id, ...m })),
          );
      }
    });
    return null;
  } catch (error) {
    const reason = refusalOrThrow(error, 'update_section', [
      'capacity_below_enrolled',
      'schedule_change_conflict',
      'invalid_value',
    ] as const);
    if (reason === 'capacity_below_enrolled')
      return { column: 'capacity', reason: capacityBelowEnrolledMessage(have.enrolledCount) };
    if (reason === 'schedule_change_conflict') return { column: 'days', reason: outcomeFor(reason).message };
    return { column: 'section', reason: outcomeFor(reason).message };
  }
}

interface SectionValues {
  course_id: number;
  code: string;
  capacity: number;
  waitlist_capacity: number;
  component: string;
  credits: number;
  location: string;
  instructor_id: number | null;
  cross_list_id: number | null;
}

/** A course's prerequisites become the file's groups, written only when they differ from what is stored. */
async function writePrerequisites(tx: Executor, courses: ImportSection[], courseIds: Map<string, number>) {
  const rows = courses.flatMap((s) =>
    (s.prerequisites?.groups ?? []).flatMap((group, g) =>
      group.map((p) => ({
        course_id: courseIds.get(courseKey(s.subject, s.number))!,
        group_no: g + 1,
        prerequisite_course_id: courseIds.get(courseKey(p.subject, p.number))!,
        min_grade: p.minGrade,
      })),
    ),
  );
  const ids = courses.map((s) => courseIds.get(courseKey(s.subject, s.number))!);
  // The stored and the wanted list, compared per course as text; only the courses that differ are rewritten.
  const differing = await rowsOf<{ course_id: number }>(
    tx,
    sql`
    WITH wanted AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
               AS w(course_id int, group_no int, prerequisite_course_id int, min_grade text))
    SELECT c AS course_id FROM unnest(${intList(ids)}) AS c
     WHERE coalesce((SELECT string_agg(group_no || ':' || prerequisite_course_id || ':' || coalesce(min_grade, ''), ','
                                       ORDER BY group_no, prerequisite_course_id) FROM wanted w WHERE w.course_id = c), '')
        <> coalesce((SELECT string_agg(g || ':' || prerequisite_course_id || ':' || coalesce(min_grade, ''), ','
                                       ORDER BY g, prerequisite_course_id)
                       FROM (SELECT p.*, dense_rank() OVER (ORDER BY group_no) AS g
                               FROM course_prerequisites p WHERE p.course_id = c) p), '')`,
  );
  if (!differing.length) return;
  const rewrite = differing.map((d) => d.course_id);
  await tx.execute(sql`DELETE FROM course_prerequisites WHERE course_id = ANY(${intList(rewrite)})`);
  const rewritten = new Set(rewrite);
  const kept = rows.filter((r) => rewritten.has(r.course_id));
  if (kept.length)
    await tx.execute(sql`
      INSERT INTO course_prerequisites (course_id, group_no, prerequisite_course_id, min_grade)
      SELECT course_id, group_no, prerequisite_course_id, min_grade
        FROM jsonb_to_recordset(${JSON.stringify(kept)}::jsonb)
             AS w(course_id int, group_no int, prerequisite_course_id int, min_grade text)`);
}
