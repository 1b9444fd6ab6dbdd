/**
 * Demo records behind the stage-three prerequisites (docs/decisions/0023), for `npm run db:seed`: grades on last
 * term's completions, an "or" prerequisite with a minimum grade (CS 1331 needs one of CS 1301, CS 1315, CS 1321,
 * CS 1371 with C or better), transfer and exam credit on some transcripts, a past roster waiting for its grades,
 * and a profile for every student. Idempotent: rows that exist are left as they are (a registrar's edits stay).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../executor';
import { coursePrerequisites, courses, enrollments, sections, studentProfiles, transcriptCourses, type Grade } from '../schema';
import { studentEmail } from './seed-data';

/** The introductions to computing, any one of which opens CS 1331 with a C or better. */
const INTRO_COURSES = [
  ['1301', 'Introduction to Computing'],
  ['1315', 'Introduction to Media Computation'],
  ['1321', 'Introduction to Computing for Engineers'],
  ['1371', 'Computing for Engineers'],
] as const;
const TARGET = ['1331', 'Introduction to Object-Oriented Programming'] as const;

/** [student number, course, grade]: 001–004 meet CS 1331's prerequisite, 005–008 do not (the minimum, F, P). */
const PAST_GRADES: ReadonlyArray<readonly [student: number, course: string, grade: Grade]> = [
  [1, '1301', 'B'],
  [2, '1301', 'C'],
  [3, '1315', 'A-'],
  [4, '1321', 'B+'],
  [5, '1301', 'C-'],
  [6, '1301', 'D'],
  [7, '1371', 'F'],
  [8, '1371', 'P'],
];

/** Transcript lines from elsewhere: [student number, course code, grade, source, term code]. */
const TRANSCRIPTS: ReadonlyArray<readonly [number, string, Grade, 'transfer' | 'exam' | 'earlier', string | null]> = [
  [9, 'CS 1315', 'B', 'transfer', '2025FA'],
  [10, 'CS 1371', 'P', 'exam', null],
  [11, 'MATH 110', 'A', 'exam', null],
  [12, 'MATH 110', 'B+', 'transfer', '2025SU'],
  [13, 'CS 101', 'A-', 'transfer', '2025FA'],
  [14, 'CS 1301', 'D+', 'transfer', '2026SP'],
  [15, 'PHYS 101', 'B', 'transfer', '2025FA'],
  [16, 'CHEM 101', 'S', 'earlier', '2024FA'],
];

const MAJORS = ['Computer Science', 'Mathematics', 'Chemistry', 'Biology', 'Economics', 'Physics'] as const;
/** Passing letters for last term's random completions (no F: every seeded seat was planned as met). */
const PASSING = ['A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D'] as const;

/** Student n's standing: earned credits rise with n's remainder, so every standing has students; every 50th is a graduate. */
export function demoProfile(n: number) {
  if (n % 50 === 0) return { earnedCredits: 128, classStanding: 'graduate' as const, major: MAJORS[n % MAJORS.length]! };
  const year = n % 4;
  const earnedCredits = year * 30 + ((n * 7) % 28) + (n % 3 === 0 ? 0.5 : 0);
  const classStanding = (['freshman', 'sophomore', 'junior', 'senior'] as const)[year]!;
  return { earnedCredits, classStanding, major: n % 5 === 0 || year >= 2 ? MAJORS[n % MAJORS.length]! : null };
}

export async function seedRecords(
  db: Executor,
  {
    termId,
    pastTermId,
    userIds,
    students,
  }: { termId: number; pastTermId: number; userIds: Map<string, number>; students: number },
) {
  const student = (n: number) => userIds.get(studentEmail(n));

  // Last term's completions without a grade get one (demo students 001–010 a B, the rest any passing letter).
  await db.execute(sql`
    UPDATE enrollments e SET grade = CASE WHEN u.email < ${studentEmail(11)} THEN 'B'
                                          ELSE (${sql.raw(`ARRAY[${PASSING.map((g) => `'${g}'`).join(',')}]`)})[1 + (e.id % ${PASSING.length})] END
      FROM sections s, users u
     WHERE s.id = e.section_id AND s.term_id = ${pastTermId} AND u.id = e.student_id
       AND e.completion_status = 'completed' AND e.grade IS NULL`);

  await db
    .insert(courses)
    .values(
      [...INTRO_COURSES, TARGET].map(([number, title]) => ({
        subject: 'CS',
        number,
        title,
        credits: 3,
        description: `${title}, 3 credits, offered by the CS department.`,
      })),
    )
    .onConflictDoNothing();
  const cs = await db
    .select({ id: courses.id, number: courses.number })
    .from(courses)
    .where(and(eq(courses.subject, 'CS'), inArray(courses.number, [...INTRO_COURSES.map(([n]) => n), TARGET[0]])));
  const idOf = new Map(cs.map((c) => [c.number, c.id]));
  const target = idOf.get(TARGET[0])!;
  const [existing] = await db.select().from(coursePrerequisites).where(eq(coursePrerequisites.courseId, target)).limit(1);
  if (!existing) {
    await db.insert(coursePrerequisites).values(
      INTRO_COURSES.map(([number]) => ({
        courseId: target,
        groupNo: 1,
        prerequisiteCourseId: idOf.get(number)!,
        minGrade: 'C',
      })),
    );
  }

  // One past section per introduction, its completions graded; CS 1301-002 still waits for its grades.
  await db
    .insert(sections)
    .values([
      ...INTRO_COURSES.map(([number]) => ({ courseId: idOf.get(number)!, termId: pastTermId, code: '001', capacity: 60 })),
      { courseId: idOf.get('1301')!, termId: pastTermId, code: '002', capacity: 30 },
      { courseId: target, termId, code: '001', capacity: 40, location: 'Klaus 1443' },
    ])
    .onConflictDoNothing();
  const past = await db
    .select({ id: sections.id, courseId: sections.courseId, code: sections.code, count: sections.enrolledCount })
    .from(sections)
    .where(and(eq(sections.termId, pastTermId), inArray(sections.courseId, [...idOf.values()])));
  const sectionOf = (number: string, code: string) => past.find((p) => p.courseId === idOf.get(number) && p.code === code);
  const graded = PAST_GRADES.flatMap(([n, number, grade]) => {
    const section = sectionOf(number, '001');
    const studentId = student(n);
    return section && section.count === 0 && studentId
      ? [{ studentId, sectionId: section.id, completionStatus: 'completed' as const, grade }]
      : [];
  });
  if (graded.length) await db.insert(enrollments).values(graded).onConflictDoNothing();
  const ungraded = sectionOf('1301', '002');
  if (ungraded && ungraded.count === 0) {
    const waiting = [21, 22, 23, 24, 25].map(student).filter((id): id is number => id !== undefined);
    await db
      .insert(enrollments)
      .values(waiting.map((studentId) => ({ studentId, sectionId: ungraded.id })))
      .onConflictDoNothing();
  }

  const catalog = await db.select({ id: courses.id, subject: courses.subject, number: courses.number }).from(courses);
  const courseId = new Map(catalog.map((c) => [`${c.subject} ${c.number}`, c.id]));
  const lines = TRANSCRIPTS.flatMap(([n, code, grade, source, termCode]) => {
    const studentId = student(n);
    const id = courseId.get(code);
    return studentId && id ? [{ studentId, courseId: id, grade, source, termCode }] : [];
  });
  if (lines.length) await db.insert(transcriptCourses).values(lines).onConflictDoNothing();

  const profiles = Array.from({ length: students }, (_, i) => i + 1).flatMap((n) => {
    const studentId = student(n);
    return studentId ? [{ studentId, ...demoProfile(n) }] : [];
  });
  if (profiles.length) await db.insert(studentProfiles).values(profiles).onConflictDoNothing();
}
