import { pathToFileURL } from 'node:url';
import { hash } from '@node-rs/argon2';
import { eq, inArray, sql } from 'drizzle-orm';
import { createDatabase } from './client';
import { runCli } from './cli';
import type { Executor } from './executor';
import { describeUrl, openDatabase } from './local-database';
import { migrateDatabase } from './migrate';
import { courses, enrollments, sections, terms, users, type UserRole } from './schema';
import {
  BUILDINGS,
  CAPACITIES,
  COURSES,
  DEMO_PASSWORD,
  DEMO_TERM,
  FIRST_NAMES,
  LAST_NAMES,
  MEETING_PATTERNS,
  REGISTRAR_EMAIL,
  instructorEmail,
  prng,
  studentEmail,
} from './seed-data';

const STUDENTS = 500;
const INSTRUCTORS = 20;
const SECTIONS_PER_COURSE = 3;
/** student001…student020 start with an empty schedule, for demos and manual tests. */
const UNTOUCHED_STUDENTS = 20;
const DAY = 24 * 60 * 60 * 1000;

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
  // Each account gets its own salt; argon2 runs on libuv's thread pool, so this stays a few seconds.
  const rows = await Promise.all(missing.map(async (u) => ({ ...u, passwordHash: await hash(DEMO_PASSWORD) })));
  await chunked(rows, 500, (chunk) => db.insert(users).values(chunk).onConflictDoNothing());

  const all = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
  return new Map(all.map((u) => [u.email, u.id]));
}

async function seedTerm(db: Executor): Promise<number> {
  const now = Date.now();
  const dates = {
    registrationOpensAt: new Date(now - 7 * DAY),
    registrationClosesAt: new Date(now + 30 * DAY),
    dropDeadline: new Date(now + 14 * DAY),
    withdrawDeadline: new Date(now + 60 * DAY),
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

async function seedCatalog(db: Executor, termId: number, userIds: Map<string, number>): Promise<SeedSummary> {
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

  const random = prng(42);
  const plans: { key: string; fill: number }[] = [];
  const sectionRows = COURSES.flatMap(([subject, number], courseIndex) =>
    Array.from({ length: SECTIONS_PER_COURSE }, (_, s) => {
      const index = courseIndex * SECTIONS_PER_COURSE + s;
      const { capacity, fill } = plannedSection(index, random);
      const [days, start, end] = MEETING_PATTERNS[index % MEETING_PATTERNS.length]!;
      const code = String(s + 1).padStart(3, '0');
      plans.push({ key: `${subject} ${number}-${code}`, fill });
      return {
        courseId: courseId.get(`${subject} ${number}`)!,
        termId,
        code,
        instructorId: userIds.get(instructorEmail((index % INSTRUCTORS) + 1)) ?? null,
        capacity,
        meetingDays: days,
        startTime: start,
        endTime: end,
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

  const studentIds = Array.from({ length: STUDENTS - UNTOUCHED_STUDENTS }, (_, i) =>
    userIds.get(studentEmail(i + 1 + UNTOUCHED_STUDENTS)),
  ).filter((id): id is number => id !== undefined);
  const pick = prng(99);
  const rows: { studentId: number; sectionId: number }[] = [];
  for (const plan of plans) {
    const section = byKey.get(plan.key);
    const emptySection = section && section.count === 0;
    const chosen = new Set<number>();
    while (chosen.size < Math.min(plan.fill, studentIds.length)) chosen.add(studentIds[Math.floor(pick() * studentIds.length)]!);
    // Only a section nobody has enrolled in yet is filled, so re-seeding never fights real enrollments.
    if (emptySection) for (const studentId of chosen) rows.push({ studentId, sectionId: section.id });
  }
  // The trigger counts these like any other enrollment.
  await chunked(rows, 1000, (chunk) => db.insert(enrollments).values(chunk).onConflictDoNothing());

  const [counts] = await db
    .select({ sections: sql<number>`count(*)::int`, enrolled: sql<number>`coalesce(sum(${sections.enrolledCount}), 0)::int` })
    .from(sections)
    .where(eq(sections.termId, termId));
  return { users: userIds.size, sections: counts?.sections ?? 0, enrollments: counts?.enrolled ?? 0 };
}

export async function seedDemoData(db: Executor): Promise<SeedSummary> {
  const userIds = await seedUsers(db);
  const termId = await seedTerm(db);
  return seedCatalog(db, termId, userIds);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let target: string | undefined;
  runCli(
    'db:seed',
    async () => {
      if (process.env.NODE_ENV === 'production' && !process.argv.includes('--force')) {
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
