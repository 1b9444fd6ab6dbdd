/**
 * The demo term's course structure (docs/decisions/0022): a chemistry lecture taken with one of six labs,
 * half-term sections meeting at the same hour in different weeks, 1.5-credit courses, and one student holding them.
 * Re-seeding changes nothing: rows that exist are left alone.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../executor';
import { courses, enrollments, sectionMeetings, sections, terms } from '../schema';
import { studentEmail } from './seed-data';

/** The demo student who holds the set, both half-term sections and the 1.5-credit course (8.5 credits). */
export const STRUCTURE_STUDENT = 19;

const STRUCTURE_COURSES = [
  { subject: 'CHEM', number: '1211K', title: 'Principles of Chemistry I', credits: 4 },
  { subject: 'ECON', number: '1201', title: 'Personal Finance (first half of term)', credits: 1.5 },
  { subject: 'MGT', number: '1150', title: 'Career Skills (second half of term)', credits: 1.5 },
  { subject: 'PE', number: '1005', title: 'Fitness Walking', credits: 1.5 },
];

type Plan = {
  course: string;
  code: string;
  component?: string;
  linkedTo?: string;
  credits?: number;
  capacity: number;
  meetings: { day: number; startsAt: string; endsAt: string }[];
  half?: 'first' | 'second';
};

const LAB_TIMES: [number, string, string][] = [
  [2, '08:00', '10:50'],
  [2, '13:00', '15:50'],
  [3, '14:00', '16:50'],
  [4, '08:00', '10:50'],
  [4, '13:00', '15:50'],
  [5, '13:00', '15:50'],
];

const PLANS: Plan[] = [
  {
    course: 'CHEM 1211K',
    code: 'A',
    capacity: 120,
    meetings: [1, 3, 5].map((day) => ({ day, startsAt: '11:00', endsAt: '11:50' })),
  },
  ...LAB_TIMES.map(([day, startsAt, endsAt], i): Plan => ({
    course: 'CHEM 1211K',
    code: `A0${i + 1}`,
    component: 'LAB',
    linkedTo: 'A',
    credits: 0,
    capacity: 20,
    meetings: [{ day, startsAt, endsAt }],
  })),
  { course: 'ECON 1201', code: 'H1', capacity: 40, half: 'first', meetings: tr('16:00', '17:15') },
  { course: 'MGT 1150', code: 'H2', capacity: 40, half: 'second', meetings: tr('16:00', '17:15') },
  { course: 'PE 1005', code: '001', capacity: 30, meetings: [{ day: 5, startsAt: '07:00', endsAt: '07:50' }] },
];

function tr(startsAt: string, endsAt: string) {
  return [2, 4].map((day) => ({ day, startsAt, endsAt }));
}

const addDays = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

export async function seedCourseStructure(db: Executor, termId: number, studentIds: Map<string, number>) {
  await db
    .insert(courses)
    .values(STRUCTURE_COURSES.map((c) => ({ ...c, description: `${c.title}.` })))
    .onConflictDoNothing();
  const courseRows = await db
    .select({ id: courses.id, code: sql<string>`${courses.subject} || ' ' || ${courses.number}` })
    .from(courses)
    .where(
      inArray(
        courses.number,
        STRUCTURE_COURSES.map((c) => c.number),
      ),
    );
  const courseId = new Map(courseRows.map((c) => [c.code, c.id]));
  const [term] = await db.select().from(terms).where(eq(terms.id, termId));
  const middle = addDays(
    term!.classesStartOn!,
    Math.floor((Date.parse(term!.classesEndOn!) - Date.parse(term!.classesStartOn!)) / 2 / 86_400_000),
  );

  const ids = new Map<string, number>();
  for (const plan of PLANS) {
    const key = `${plan.course}-${plan.code}`;
    const cid = courseId.get(plan.course)!;
    const [created] = await db
      .insert(sections)
      .values({
        courseId: cid,
        termId,
        code: plan.code,
        capacity: plan.capacity,
        component: plan.component ?? 'LEC',
        linkedSectionId: plan.linkedTo ? ids.get(`${plan.course}-${plan.linkedTo}`) : null,
        credits: plan.credits ?? null,
        location: plan.component === 'LAB' ? 'Chemistry Lab 210' : 'Main Hall 105',
      })
      .onConflictDoNothing()
      .returning({ id: sections.id });
    const id =
      created?.id ??
      (
        await db
          .select({ id: sections.id })
          .from(sections)
          .where(and(eq(sections.courseId, cid), eq(sections.termId, termId), eq(sections.code, plan.code)))
      )[0]!.id;
    ids.set(key, id);
    if (created) {
      const [startsOn, endsOn] =
        plan.half === 'first' ? [null, middle] : plan.half === 'second' ? [addDays(middle, 1), null] : [null, null];
      await db.insert(sectionMeetings).values(plan.meetings.map((m) => ({ sectionId: id, ...m, startsOn, endsOn })));
    }
  }

  // One statement for the set: it is judged complete when that statement's transaction commits.
  const student = studentIds.get(studentEmail(STRUCTURE_STUDENT));
  if (student) {
    const held = ['CHEM 1211K-A', 'CHEM 1211K-A02', 'ECON 1201-H1', 'MGT 1150-H2', 'PE 1005-001'];
    await db
      .insert(enrollments)
      .values(held.map((key) => ({ studentId: student, sectionId: ids.get(key)! })))
      .onConflictDoNothing();
  }
  return ids.size;
}
