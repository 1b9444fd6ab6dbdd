/**
 * rule_prerequisite_missing with groups and minimum grades (docs/decisions/0023), decided by the database in the
 * enrolling statement: every group, any one of a group, the minimum, the transcript, F, P and a missing grade.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeRefusal } from '@/core/rules';
import { enroll } from '../db/queries/enrollments';
import { grantOverride } from '../db/queries/overrides';
import { findMissingPrerequisites } from '../db/queries/prerequisites';
import { joinWaitlist } from '../db/queries/waitlists';
import type { Grade } from '../db/schema';
import { testDb } from './db';
import { createCourse, createSection, createTerm, createUser, fillSection } from '../testing/factories';
import { addTranscriptLine, completeWithGrade, setPrerequisiteGroups } from '../testing/prerequisites';
import { createPastTerm, insertEnrollment } from './rules-helpers';

const code = (c: { subject: string; number: string }) => `${c.subject} ${c.number}`;

async function arrange() {
  const [past, term] = [await createPastTerm(testDb), await createTerm(testDb)];
  const [a, b, c, target] = await Promise.all([1, 2, 3, 4].map(() => createCourse(testDb)));
  const section = await createSection(testDb, { termId: term.id, courseId: target!.id, capacity: 50 });
  return { past, term, a: a!, b: b!, c: c!, target: target!, section };
}

describe('grade points', () => {
  it('rank the letters, give P, S and unknown text no points, and decide a minimum', async () => {
    const [row] = await testDb.execute<Record<string, unknown>>(sql`
      SELECT grade_points('A+') AS "aPlus", grade_points('A') AS a, grade_points('C-') AS "cMinus", grade_points('F') AS f,
             grade_points('P') AS p, grade_points('Q') AS q,
             grade_satisfies_minimum('C', 'C') AS "cMeetsC", grade_satisfies_minimum('C-', 'C') AS "cMinusMeetsC",
             grade_satisfies_minimum('A+', 'A') AS "aPlusMeetsA", grade_satisfies_minimum('F', NULL) AS "fMeetsNone",
             grade_satisfies_minimum('P', NULL) AS "pMeetsNone", grade_satisfies_minimum('S', 'D-') AS "sMeetsDMinus",
             grade_satisfies_minimum(NULL, NULL) AS "nullMeetsNone", grade_satisfies_minimum(NULL, 'D') AS "nullMeetsD"`);
    expect(row).toEqual({
      aPlus: '4.3',
      a: '4.0',
      cMinus: '1.7',
      f: '0.0',
      p: null,
      q: null,
      cMeetsC: true,
      cMinusMeetsC: false,
      aPlusMeetsA: true,
      fMeetsNone: false,
      pMeetsNone: true,
      sMeetsDMinus: false,
      nullMeetsNone: true,
      nullMeetsD: false,
    });
  });
});

describe('prerequisite groups', () => {
  it('needs every group, and names only the groups still missing with their minimums', async () => {
    const { past, a, b, c, target, section } = await arrange();
    await setPrerequisiteGroups(testDb, target.id, [
      [
        [a.id, 'C'],
        [b.id, 'C'],
      ],
      [[c.id, null]],
    ]);
    const student = await createUser(testDb);
    await completeWithGrade(testDb, a.id, student.id, past.id, 'B');

    const { outcome, refusal } = await insertEnrollment(testDb, student.id, section.id);
    expect(outcome).toBe('prerequisite_missing');
    expect(refusal).toEqual({
      rule: 'prerequisite_missing',
      detail: {
        sectionId: section.id,
        course: code(target),
        missing: [{ group: expect.any(Number), courses: [{ courseId: c.id, course: code(c), minGrade: null }] }],
      },
    });
    expect(describeRefusal(refusal!)).toBe(`${code(target)} needs ${code(c)}.`);
    expect(await findMissingPrerequisites(student.id, section.id, testDb)).toEqual({
      course: code(target),
      missing: refusal?.rule === 'prerequisite_missing' ? refusal.detail?.missing : undefined,
    });

    await completeWithGrade(testDb, c.id, student.id, past.id, 'D-');
    expect((await insertEnrollment(testDb, student.id, section.id)).outcome).toBe('enrolled');
    expect(await findMissingPrerequisites(student.id, section.id, testDb)).toBeNull();
  });

  it('any one course of a group meets it; the sentence names every course of every missing group', async () => {
    const { past, a, b, c, target, section } = await arrange();
    await setPrerequisiteGroups(testDb, target.id, [
      [
        [a.id, 'C'],
        [b.id, 'C'],
      ],
      [[c.id, 'B']],
    ]);
    const nothing = await createUser(testDb);
    const { refusal } = await insertEnrollment(testDb, nothing.id, section.id);
    const [first, second] = [a, b].map(code).sort();
    expect(describeRefusal(refusal!)).toBe(
      `${code(target)} needs one of ${first}, ${second} with C or better and ${code(c)} with B or better.`,
    );

    const viaB = await createUser(testDb);
    await completeWithGrade(testDb, b.id, viaB.id, past.id, 'C+');
    await completeWithGrade(testDb, c.id, viaB.id, past.id, 'B');
    expect((await insertEnrollment(testDb, viaB.id, section.id)).outcome).toBe('enrolled');
  });

  it('a minimum grade: C meets [C], C- and D do not; a better grade in another attempt does', async () => {
    const { past, a, target, section } = await arrange();
    await setPrerequisiteGroups(testDb, target.id, [[[a.id, 'C']]]);
    const outcomes: Record<string, string> = {};
    for (const grade of ['A+', 'B-', 'C', 'C-', 'D', 'F'] as Grade[]) {
      const student = await createUser(testDb);
      await completeWithGrade(testDb, a.id, student.id, past.id, grade);
      outcomes[grade] = (await insertEnrollment(testDb, student.id, section.id)).outcome;
    }
    expect(outcomes).toEqual({
      'A+': 'enrolled',
      'B-': 'enrolled',
      C: 'enrolled',
      'C-': 'prerequisite_missing',
      D: 'prerequisite_missing',
      F: 'prerequisite_missing',
    });

    const retaken = await createUser(testDb);
    await completeWithGrade(testDb, a.id, retaken.id, past.id, 'D');
    await completeWithGrade(testDb, a.id, retaken.id, (await createPastTerm(testDb, 100)).id, 'B');
    expect((await insertEnrollment(testDb, retaken.id, section.id)).outcome).toBe('enrolled');
  });

  it('a transcript line meets a group like a completion, with its grade; an F on the transcript does not', async () => {
    const { a, b, target, section } = await arrange();
    await setPrerequisiteGroups(testDb, target.id, [
      [
        [a.id, 'C'],
        [b.id, null],
      ],
    ]);
    const transfer = await createUser(testDb);
    await addTranscriptLine(testDb, transfer.id, a.id, 'B', 'transfer', '2024FA');
    const exam = await createUser(testDb);
    await addTranscriptLine(testDb, exam.id, b.id, 'P', 'exam');
    const low = await createUser(testDb);
    await addTranscriptLine(testDb, low.id, a.id, 'D', 'earlier');
    await addTranscriptLine(testDb, low.id, b.id, 'F', 'earlier');

    expect((await insertEnrollment(testDb, transfer.id, section.id)).outcome).toBe('enrolled');
    expect((await insertEnrollment(testDb, exam.id, section.id)).outcome).toBe('enrolled');
    expect((await insertEnrollment(testDb, low.id, section.id)).outcome).toBe('prerequisite_missing');
  });

  it('F never passes; P and S meet a group without a minimum only; a completion without a grade counts as passing', async () => {
    const { past, a, b, target, section } = await arrange();
    await setPrerequisiteGroups(testDb, target.id, [[[a.id, null]]]);
    const other = await createCourse(testDb);
    const withMinimum = await createSection(testDb, { termId: section.termId, courseId: other.id, capacity: 50 });
    await setPrerequisiteGroups(testDb, other.id, [[[b.id, 'D-']]]);

    const results: Record<string, [string, string]> = {};
    for (const grade of ['F', 'P', 'S', null] as (Grade | null)[]) {
      const student = await createUser(testDb);
      await completeWithGrade(testDb, a.id, student.id, past.id, grade);
      await completeWithGrade(testDb, b.id, student.id, past.id, grade);
      results[String(grade)] = [
        (await insertEnrollment(testDb, student.id, section.id)).outcome,
        (await insertEnrollment(testDb, student.id, withMinimum.id)).outcome,
      ];
    }
    expect(results).toEqual({
      F: ['prerequisite_missing', 'prerequisite_missing'],
      P: ['enrolled', 'prerequisite_missing'],
      S: ['enrolled', 'prerequisite_missing'],
      null: ['enrolled', 'prerequisite_missing'],
    });
  });

  it('a completion in this very term does not count; an override lets the student past; joining a waitlist is refused alike', async () => {
    const { term, a, target, section } = await arrange();
    // Full before the course has prerequisites (its one seat taken by a student the rule never asked).
    const full = await createSection(testDb, { termId: term.id, courseId: target.id, capacity: 1 });
    await testDb.execute(sql`UPDATE sections SET waitlist_capacity = 5 WHERE id = ${full.id}`);
    await fillSection(testDb, full.id, 1);
    await setPrerequisiteGroups(testDb, target.id, [[[a.id, 'C']]]);
    const student = await createUser(testDb);
    await completeWithGrade(testDb, a.id, student.id, term.id, 'A');
    expect((await insertEnrollment(testDb, student.id, section.id)).outcome).toBe('prerequisite_missing');

    expect(await joinWaitlist(student.id, full.id, null, testDb)).toMatchObject({
      ok: false,
      reason: 'prerequisite_missing',
      refusal: { rule: 'prerequisite_missing', detail: { course: code(target) } },
    });

    const registrar = await createUser(testDb, 'registrar');
    await grantOverride(
      { studentId: student.id, sectionId: section.id, rule: 'prerequisite_missing', grantedBy: registrar.id },
      testDb,
    );
    expect(await findMissingPrerequisites(student.id, section.id, testDb)).toBeNull();
    expect((await enroll(student.id, section.id, testDb)).ok).toBe(true);
  });

  it('the contract inserts: a row without group_no is its own group, so two plain rows need both', async () => {
    const { past, a, b, target, section } = await arrange();
    await testDb.execute(sql`INSERT INTO course_prerequisites (course_id, prerequisite_course_id) VALUES
                               (${target.id}, ${a.id}), (${target.id}, ${b.id})`);
    const student = await createUser(testDb);
    await completeWithGrade(testDb, a.id, student.id, past.id, null);
    expect((await insertEnrollment(testDb, student.id, section.id)).outcome).toBe('prerequisite_missing');
    await testDb.execute(
      sql`INSERT INTO transcript_courses (student_id, course_id, grade, term_code, source) VALUES (${student.id}, ${b.id}, 'A', NULL, 'exam')`,
    );
    expect((await insertEnrollment(testDb, student.id, section.id)).outcome).toBe('enrolled');
  });
});
