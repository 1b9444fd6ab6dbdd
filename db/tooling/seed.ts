import { pathToFileURL } from 'node:url';
import { hash } from '@node-rs/argon2';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { createDatabase } from '../client';
import { parseCommandLine } from '../../scripts/command-line';
import { runCli } from './cli';
import type { Executor } from '../executor';
import { describeUrl, openDatabase } from './local-database';
import { migrateDatabase } from './migrate';
import { seedPriorityRegistration } from './seed-priority';
import { seedCourseStructure } from './seed-structure';
import {
  coursePrerequisites,
  courses,
  enrollments,
  registrationHolds,
  sectionMeetings,
  sections,
  studentSeats,
  studentTermCredits,
  terms,
  users,
  type UserRole,
} from '../schema';
import {
  BUILDINGS,
  CAPACITIES,
  COURSES,
  DEMO_COMPLETED,
  DEMO_PASSWORD,
  DEMO_TERM,
  FIRST_NAMES,
  HELD_STUDENTS,
  PAST_COURSES,
  PAST_TERM,
  PREREQUISITES,
  LAST_NAMES,
  MEETING_PATTERNS,
  REGISTRAR_EMAIL,
  instructorEmail,
  prng,
  studentEmail,
} from './seed-data';
import { seedRecords } from './seed-records';

const STUDENTS = 500;
const INSTRUCTORS = 20;
const SECTIONS_PER_COURSE = 3;
/** student001…student020 start with no seat from the random plan (student019 holds the course-structure demo's). */
const UNTOUCHED_STUDENTS = 20;
const DAY = 24 * 60 * 60 * 1000;
/** The default per-term maximum (drizzle/0002); the seed plans seats under it. */
const MAX_CREDITS = 18;

interface SeedSummary {
  users: number;
  sections: number;
  enrollments: number;
}

async function chunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

async function seedUsers(db: Executor): Promise<Map<string, number>> {
  const wanted: { email: string; name: string; role: UserRole }[] = [];
  const random = prng(7);
  const personName = () =>
    `${FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)]} ${LAST_NAMES[Math.floor(random() * LAST_NAMES.length)]}`;
  for (let n = 1; n <= STUDENTS; n++) wanted.push({ email: studentEmail(n), name: personName(), role: 'student' });
  for (let n = 1; n <= INSTRUCTORS; n++)
    wanted.push({ email: instructorEmail(n), name: `Dr. ${personName()}`, role: 'instructor' });
  wanted.push({ email: REGISTRAR_EMAIL, name: 'Rita Registrar', role: 'registrar' });

  const emails = wanted.map((u) => u.email);
  const existing = new Set(
    (await db.select({ email: users.email }).from(users).where(inArray(users.email, emails))).map((u) => u.email),
  );
  const missing = wanted.filter((u) => !existing.has(u.email));
  // Every demo account has the same published password, so one hash (one salt) serves them all: a hash each was
  // 5–7 s of every seed on two cores (both Playwright stages, `npm run dev`, the stack; issue 28.21). Real accounts
  // hash one by one.
  const passwordHash = missing.length ? await hash(DEMO_PASSWORD) : '';
  const rows = missing.map((u) => ({ ...u, passwordHash }));
  await chunked(rows, 500, (chunk) => db.insert(users).values(chunk).onConflictDoNothing());

  const all = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
  return new Map(all.map((u) => [u.email, u.id]));
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function seedTerm(db: Executor): Promise<number> {
  const now = Date.now();
  const dates = {
    registrationOpensAt: new Date(now - 7 * DAY),
    registrationClosesAt: new Date(now + 30 * DAY),
    dropDeadline: new Date(now + 14 * DAY),
    withdrawDeadline: new Date(now + 60 * DAY),
    classesStartOn: isoDate(now - 3 * DAY),
    classesEndOn: isoDate(now + 110 * DAY),
  };
  // Re-seeding keeps the demo term's registration open "now".
  const [term] = await db
    .insert(terms)
    .values({ ...DEMO_TERM, ...dates })
    .onConflictDoUpdate({ target: terms.code, set: dates })
    .returning({ id: terms.id });
  if (!term) throw new Error('could not create the demo term');
  return term.id;
}

async function seedPastTerm(db: Executor): Promise<number> {
  const now = Date.now();
  const dates = {
    registrationOpensAt: new Date(now - 200 * DAY),
    registrationClosesAt: new Date(now - 170 * DAY),
    dropDeadline: new Date(now - 180 * DAY),
    withdrawDeadline: new Date(now - 160 * DAY),
    classesStartOn: isoDate(now - 190 * DAY),
    classesEndOn: isoDate(now - 80 * DAY),
  };
  const [term] = await db
    .insert(terms)
    .values({ ...PAST_TERM, ...dates })
    .onConflictDoUpdate({ target: terms.code, set: dates })
    .returning({ id: terms.id });
  if (!term) throw new Error('could not create the past term');
  return term.id;
}

/**
 * Last term: one section of each PAST_COURSES course, with completed enrollments (students 021–500 at random,
 * 001–010 the demo completions), so prerequisites are met for some students and not others. Filled only when empty.
 */
/** Each section's meetings from its pattern ("MWF", 09:00, 09:50), for sections that have none yet (re-runs add nothing). */
async function seedMeetings(db: Executor, sectionPatterns: readonly (readonly [sectionId: number, pattern: number])[]) {
  const rows = sectionPatterns.flatMap(([sectionId, pattern]) => {
    const [days, startsAt, endsAt] = MEETING_PATTERNS[pattern % MEETING_PATTERNS.length]!;
    return [...days].map((letter) => ({ sectionId, day: 'MTWRFSU'.indexOf(letter) + 1, startsAt, endsAt }));
  });
  if (!rows.length) return;
  const ids = [...new Set(rows.map((r) => r.sectionId))];
  const have = new Set(
    (
      await db
        .selectDistinct({ id: sectionMeetings.sectionId })
        .from(sectionMeetings)
        .where(inArray(sectionMeetings.sectionId, ids))
    ).map((r) => r.id),
  );
  const missing = rows.filter((r) => !have.has(r.sectionId));
  if (missing.length) await db.insert(sectionMeetings).values(missing);
}

async function seedPastCompletions(db: Executor, termId: number, courseId: Map<string, number>, userIds: Map<string, number>) {
  await db
    .insert(sections)
    .values(PAST_COURSES.map((key) => ({ courseId: courseId.get(key)!, termId, code: '001', capacity: 500 })))
    .onConflictDoNothing();
  const past = await db
    .select({ id: sections.id, courseId: sections.courseId, count: sections.enrolledCount })
    .from(sections)
    .where(eq(sections.termId, termId));
  // Only PAST_COURSES' sections have a pattern (the term holds others: db/tooling/seed-records.ts).
  await seedMeetings(
    db,
    past.flatMap((p) => {
      const pattern = PAST_COURSES.findIndex((key) => courseId.get(key) === p.courseId);
      return pattern < 0 ? [] : [[p.id, pattern] as const];
    }),
  );
  const pick = prng(2026);
  const rows: { studentId: number; sectionId: number; completionStatus: 'completed' }[] = [];
  for (const [i, key] of PAST_COURSES.entries()) {
    const section = past.find((p) => p.courseId === courseId.get(key));
    if (!section || section.count > 0) continue;
    for (let n = 1; n <= STUDENTS; n++) {
      const demo = n <= DEMO_COMPLETED.students && (DEMO_COMPLETED.courses as readonly string[]).includes(key);
      const random = n > UNTOUCHED_STUDENTS && pick() < 0.6 - i * 0.1;
      const studentId = userIds.get(studentEmail(n));
      if ((demo || random) && studentId) rows.push({ studentId, sectionId: section.id, completionStatus: 'completed' });
    }
  }
  await chunked(rows, 1000, (chunk) => db.insert(enrollments).values(chunk).onConflictDoNothing());
}

async function seedPrerequisites(db: Executor, courseId: Map<string, number>) {
  await db
    .insert(coursePrerequisites)
    .values(
      PREREQUISITES.map(([course, prerequisite]) => ({
        courseId: courseId.get(course)!,
        prerequisiteCourseId: courseId.get(prerequisite)!,
      })),
    )
    .onConflictDoNothing();
}

async function seedHolds(db: Executor, userIds: Map<string, number>) {
  for (const [n, reason] of HELD_STUDENTS) {
    const studentId = userIds.get(studentEmail(n));
    if (!studentId) continue;
    const [active] = await db
      .select({ id: registrationHolds.id })
      .from(registrationHolds)
      .where(and(eq(registrationHolds.studentId, studentId), isNull(registrationHolds.liftedAt)));
    if (!active) await db.insert(registrationHolds).values({ studentId, reason, placedBy: userIds.get(REGISTRAR_EMAIL) ?? null });
  }
}

/** What a student already holds in the demo term, so new seats are planned under the rules (drizzle/0002). */
interface StudentPlan {
  courses: Set<number>;
  patterns: Set<number>;
  credits: number;
  completed: Set<number>;
}

/** Target fill of section `index`: CS 101's three sections are fixed for demos (open, one seat left, full). */
function plannedSection(index: number, random: () => number): { capacity: number; fill: number } {
  if (index === 0) return { capacity: 40, fill: 10 };
  if (index === 1) return { capacity: 30, fill: 29 };
  if (index === 2) return { capacity: 25, fill: 25 };
  const capacity = CAPACITIES[Math.floor(random() * CAPACITIES.length)] ?? 30;
  const roll = random();
  if (roll < 0.12) return { capacity, fill: capacity };
  if (roll < 0.2) return { capacity, fill: capacity - 1 };
  return { capacity, fill: Math.floor(capacity * (0.15 + random() * 0.7)) };
}

async function seedCatalog(db: Executor, termId: number, pastTermId: number, userIds: Map<string, number>): Promise<SeedSummary> {
  await db
    .insert(courses)
    .values(
      COURSES.map(([subject, number, title, credits]) => ({
        subject,
        number,
        title,
        credits,
        description: `${title}, ${credits} credits, offered by the ${subject} department.`,
      })),
    )
    .onConflictDoNothing();
  const courseRows = await db.select({ id: courses.id, subject: courses.subject, number: courses.number }).from(courses);
  const courseId = new Map(courseRows.map((c) => [`${c.subject} ${c.number}`, c.id]));
  const credits = new Map(COURSES.map(([subject, number, , c]) => [courseId.get(`${subject} ${number}`)!, c]));
  await seedPrerequisites(db, courseId);
  await seedPastCompletions(db, pastTermId, courseId, userIds);

  const random = prng(42);
  const plans: { key: string; fill: number; pattern: number; courseId: number }[] = [];
  const sectionRows = COURSES.flatMap(([subject, number], courseIndex) =>
    Array.from({ length: SECTIONS_PER_COURSE }, (_, s) => {
      const index = courseIndex * SECTIONS_PER_COURSE + s;
      const { capacity, fill } = plannedSection(index, random);
      const code = String(s + 1).padStart(3, '0');
      const pattern = index % MEETING_PATTERNS.length;
      plans.push({ key: `${subject} ${number}-${code}`, fill, pattern, courseId: courseId.get(`${subject} ${number}`)! });
      return {
        courseId: courseId.get(`${subject} ${number}`)!,
        termId,
        code,
        instructorId: userIds.get(instructorEmail((index % INSTRUCTORS) + 1)) ?? null,
        capacity,
        location: `${BUILDINGS[index % BUILDINGS.length]} ${100 + ((index * 7) % 300)}`,
      };
    }),
  );
  await db.insert(sections).values(sectionRows).onConflictDoNothing();

  const termSections = await db
    .select({
      id: sections.id,
      code: sections.code,
      subject: courses.subject,
      number: courses.number,
      count: sections.enrolledCount,
    })
    .from(sections)
    .innerJoin(courses, eq(courses.id, sections.courseId))
    .where(eq(sections.termId, termId));
  const byKey = new Map(termSections.map((s) => [`${s.subject} ${s.number}-${s.code}`, s]));
  await seedMeetings(
    db,
    plans.flatMap((p) => {
      const section = byKey.get(p.key);
      return section ? [[section.id, p.pattern] as const] : [];
    }),
  );

  const studentIds = Array.from({ length: STUDENTS - UNTOUCHED_STUDENTS }, (_, i) =>
    userIds.get(studentEmail(i + 1 + UNTOUCHED_STUDENTS)),
  ).filter((id): id is number => id !== undefined);
  const students = await currentPlans(db, termId, studentIds, new Map(plans.map((p) => [byKey.get(p.key)?.id ?? -1, p.pattern])));
  const prerequisites = new Map<number, number[]>();
  for (const [course, prerequisite] of PREREQUISITES) {
    const id = courseId.get(course)!;
    prerequisites.set(id, [...(prerequisites.get(id) ?? []), courseId.get(prerequisite)!]);
  }
  const pick = prng(99);
  const rows: { studentId: number; sectionId: number }[] = [];
  // CS 101's fixed fills first (the demo's full and one-seat-left sections), then the rest.
  for (const plan of plans) {
    const section = byKey.get(plan.key);
    // Only a section nobody has enrolled in yet is filled, so re-seeding never fights real enrollments.
    if (!section || section.count !== 0) continue;
    const needs = prerequisites.get(plan.courseId) ?? [];
    const courseCredits = credits.get(plan.courseId) ?? 0;
    // Students whose schedule takes this seat under every rule: course, time slot, credits, prerequisites.
    const fits = (id: number) => {
      const s = students.get(id)!;
      return (
        !s.courses.has(plan.courseId) &&
        !s.patterns.has(plan.pattern) &&
        s.credits + courseCredits <= MAX_CREDITS &&
        needs.every((c) => s.completed.has(c))
      );
    };
    const start = Math.floor(pick() * studentIds.length);
    let taken = 0;
    for (let k = 0; k < studentIds.length && taken < plan.fill; k++) {
      const id = studentIds[(start + k * 7) % studentIds.length]!;
      if (!fits(id)) continue;
      const s = students.get(id)!;
      s.courses.add(plan.courseId);
      s.patterns.add(plan.pattern);
      s.credits += courseCredits;
      rows.push({ studentId: id, sectionId: section.id });
      taken++;
    }
  }
  // The trigger counts these like any other enrollment.
  await chunked(rows, 1000, (chunk) => db.insert(enrollments).values(chunk).onConflictDoNothing());

  const [counts] = await db
    .select({ sections: sql<number>`count(*)::int`, enrolled: sql<number>`coalesce(sum(${sections.enrolledCount}), 0)::int` })
    .from(sections)
    .where(eq(sections.termId, termId));
  return { users: userIds.size, sections: counts?.sections ?? 0, enrollments: counts?.enrolled ?? 0 };
}

/** Each student's seats in the term (course, time slot, credits) and completed courses in earlier terms. */
async function currentPlans(db: Executor, termId: number, studentIds: number[], patternOf: Map<number, number>) {
  const plans = new Map<number, StudentPlan>(
    studentIds.map((id) => [id, { courses: new Set(), patterns: new Set(), credits: 0, completed: new Set() }]),
  );
  const seats = await db
    .select({ studentId: studentSeats.studentId, courseId: studentSeats.courseId, sectionId: studentSeats.sectionId })
    .from(studentSeats)
    .where(eq(studentSeats.termId, termId));
  for (const seat of seats) {
    plans.get(seat.studentId)?.courses.add(seat.courseId);
    const pattern = patternOf.get(seat.sectionId);
    if (pattern !== undefined) plans.get(seat.studentId)?.patterns.add(pattern);
  }
  const loads = await db
    .select({
      studentId: studentTermCredits.studentId,
      credits: sql<number>`${studentTermCredits.credits} - ${studentTermCredits.exemptCredits}`.mapWith(Number),
    })
    .from(studentTermCredits)
    .where(eq(studentTermCredits.termId, termId));
  for (const load of loads) {
    const plan = plans.get(load.studentId);
    if (plan) plan.credits = load.credits;
  }
  const completed = await db
    .select({ studentId: enrollments.studentId, courseId: sections.courseId })
    .from(enrollments)
    .innerJoin(sections, eq(sections.id, enrollments.sectionId))
    .where(and(eq(enrollments.completionStatus, 'completed'), sql`${sections.termId} <> ${termId}`));
  for (const c of completed) plans.get(c.studentId)?.completed.add(c.courseId);
  return plans;
}

export async function seedDemoData(db: Executor): Promise<SeedSummary> {
  const userIds = await seedUsers(db);
  const pastTermId = await seedPastTerm(db);
  const termId = await seedTerm(db);
  const summary = await seedCatalog(db, termId, pastTermId, userIds);
  await seedWaitlists(db, termId, userIds);
  await seedRecords(db, { termId, pastTermId, userIds, students: STUDENTS });
  await seedCourseStructure(db, termId, userIds);
  await seedPriorityRegistration(db, termId);
  // Last: a hold blocks new seats, including the seed's own.
  await seedHolds(db, userIds);
  // Counted again: the course structure's and the records' sections came after the catalog's.
  const [counts] = await db
    .select({ sections: sql<number>`count(*)::int`, enrolled: sql<number>`coalesce(sum(${sections.enrolledCount}), 0)::int` })
    .from(sections)
    .where(eq(sections.termId, termId));
  return { ...summary, sections: counts?.sections ?? summary.sections, enrollments: counts?.enrolled ?? summary.enrollments };
}

/**
 * Waitlists on the demo term's full sections (docs/decisions/0011): ten places each, up to three students waiting (CS 101-003
 * among them; on a few sections no demo student may wait under the rules), joined
 * through `waitlist_join` so the rules decide who may wait. Students 001–020 are left out (their schedule starts
 * empty). Only a section that never had a waitlist is touched, so re-seeding changes nothing.
 */
async function seedWaitlists(db: Executor, termId: number, userIds: Map<string, number>) {
  const full = await db.execute<{ id: number } & Record<string, unknown>>(sql`
    UPDATE sections SET waitlist_capacity = 10
     WHERE term_id = ${termId} AND enrolled_count >= capacity AND waitlist_last_position = 0
       AND id IN (SELECT id FROM sections WHERE term_id = ${termId} AND enrolled_count >= capacity ORDER BY id LIMIT 8)
    RETURNING id`);
  const candidates = [...userIds.entries()]
    .filter(([email]) => /^student(\d{3})@/.test(email) && Number(email.slice(7, 10)) > 20)
    .map(([, id]) => id);
  const refused = await certainRefusals(
    db,
    full.map((f) => f.id),
  );
  const pick = prng(7);
  for (const { id: sectionId } of full) {
    const start = Math.floor(pick() * candidates.length);
    let joined = 0;
    // Most students already hold this course or its time slot; walk the list until three may wait.
    for (let k = 0; k < candidates.length && joined < 3; k++) {
      const studentId = candidates[(start + k * 7) % candidates.length]!;
      if (refused.has(`${sectionId} ${studentId}`)) continue;
      // A refusal (a rule, already waiting) just means another student is tried.
      const ok = await db.execute(sql`SELECT * FROM waitlist_join(${sectionId}, ${studentId}, NULL)`).then(
        () => true,
        () => false,
      );
      if (ok) joined++;
    }
  }
}

/**
 * The students `waitlist_join` would certainly refuse for each section, as "section student": those holding the
 * course, or a seat meeting at the same hours (rule_already_in_course's and rule_time_conflict's own conditions).
 * Asking the function for each of them was 2,300 refused calls, 8–11 s of every seed; skipping them picks the same
 * students, and the function still decides for the rest.
 */
async function certainRefusals(db: Executor, sectionIds: number[]): Promise<Set<string>> {
  if (!sectionIds.length) return new Set();
  const ids = sql.join(
    sectionIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = await db.execute<{ pair: string } & Record<string, unknown>>(sql`
    SELECT DISTINCT s.id || ' ' || ss.student_id AS pair
      FROM sections s JOIN student_seats ss ON ss.term_id = s.term_id AND ss.course_id = s.course_id
     WHERE s.id IN (${ids})
    UNION
    SELECT DISTINCT m.section_id || ' ' || sm.student_id
      FROM section_meetings m
      JOIN sections s ON s.id = m.section_id
      JOIN terms t ON t.id = s.term_id
      JOIN student_meetings sm
        ON sm.term_id = s.term_id AND sm.day = m.day AND NOT sm.exempt
       AND meeting_time_range(sm.starts_at, sm.ends_at) && meeting_time_range(m.starts_at, m.ends_at)
       AND daterange(sm.starts_on, sm.ends_on, '[]')
           && daterange(coalesce(m.starts_on, t.classes_start_on), coalesce(m.ends_on, t.classes_end_on), '[]')
     WHERE m.section_id IN (${ids})`);
  return new Set(rows.map((r) => r.pair));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const force = parseCommandLine('npm run db:seed [-- --force]   --force: seed even when NODE_ENV=production', {
    force: { type: 'boolean', default: false },
  }).values.force;
  let target: string | undefined;
  runCli(
    'db:seed',
    async () => {
      if (process.env.NODE_ENV === 'production' && !force) {
        throw new Error(
          'refusing to load demo accounts into a production database (NODE_ENV=production); pass --force to override',
        );
      }
      const handle = await openDatabase({ owner: true });
      target = describeUrl(handle.url);
      const started = Date.now();
      try {
        await migrateDatabase(handle.url);
        const { db, close } = createDatabase(handle.url, { max: 4 });
        try {
          const summary = await seedDemoData(db);
          console.log(
            `Seeded ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.users} demo accounts, ` +
              `${summary.sections} sections in ${DEMO_TERM.name}, ${summary.enrollments} seats taken`,
          );
        } finally {
          await close();
        }
      } finally {
        await handle.close();
      }
    },
    () => target,
  );
}
