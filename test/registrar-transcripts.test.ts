/** A registrar edits a student's transcript lines and profile on the student page (docs/decisions/0023). */
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { studentProfiles, transcriptCourses } from '../db/schema';
import { testDb } from './db';
import { form, signInAs } from './session';
import { createCourse, createUser } from '../testing/factories';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
const { addTranscriptLineAction, removeTranscriptLineAction, saveStudentProfileAction } =
  await import('../app/(app)/registrar/students/[id]/transcript-actions');
const { IDLE } = await import('../lib/web/action-state');

describe('transcript lines', () => {
  it('adds a line by course code, refuses a duplicate, an unknown course and a grade off the scale, removes it once', async () => {
    signInAs(await createUser(testDb, 'registrar'));
    const student = await createUser(testDb);
    const course = await createCourse(testDb);
    const add = (fields: Record<string, string>) =>
      addTranscriptLineAction(IDLE, form({ studentId: String(student.id), source: 'transfer', termCode: '2024FA', ...fields }));

    expect(await add({ course: `test ${course.number}`, grade: 'B+' })).toMatchObject({
      status: 'success',
      message: `TEST ${course.number} (B+) added to the transcript.`,
    });
    expect(await add({ course: `TEST ${course.number}`, grade: 'A' })).toMatchObject({
      status: 'error',
      fieldErrors: { termCode: ['The transcript already has this course for that term'] },
    });
    expect(await add({ course: 'ZZZ 9999', grade: 'A' })).toMatchObject({
      status: 'error',
      fieldErrors: { course: ['ZZZ 9999 is not in the catalog.'] },
    });
    expect(await add({ course: `TEST ${course.number}`, grade: 'E' })).toMatchObject({
      status: 'error',
      fieldErrors: { grade: [expect.stringContaining('Choose a grade on the scale')] },
    });
    expect(await add({ course: '', grade: 'A', source: 'gift' })).toMatchObject({
      status: 'error',
      fieldErrors: { course: expect.any(Array), source: expect.any(Array) },
    });

    const lines = await testDb.select().from(transcriptCourses).where(eq(transcriptCourses.studentId, student.id));
    expect(lines).toMatchObject([{ courseId: course.id, grade: 'B+', termCode: '2024FA', source: 'transfer' }]);
    const remove = () => removeTranscriptLineAction(IDLE, form({ studentId: String(student.id), lineId: String(lines[0]!.id) }));
    expect(await remove()).toMatchObject({ status: 'success' });
    expect(await remove()).toMatchObject({ status: 'error', message: 'That transcript line was already removed' });
  });

  it('only a registrar; an account that is not a student is not found', async () => {
    const student = await createUser(testDb);
    const course = await createCourse(testDb);
    const fields = { studentId: String(student.id), course: `TEST ${course.number}`, grade: 'A', source: 'exam' };
    signInAs(await createUser(testDb, 'instructor'));
    expect(await addTranscriptLineAction(IDLE, form(fields))).toMatchObject({
      status: 'error',
      message: 'You do not have access to this',
    });
    expect(await testDb.select().from(transcriptCourses).where(eq(transcriptCourses.studentId, student.id))).toEqual([]);
    signInAs(await createUser(testDb, 'registrar'));
    const instructor = await createUser(testDb, 'instructor');
    expect(await addTranscriptLineAction(IDLE, form({ ...fields, studentId: String(instructor.id) }))).toMatchObject({
      status: 'error',
      message: 'Student not found',
    });
  });
});

describe('student profile', () => {
  it('creates the one row on first save and updates it after; bad credits are that field’s error', async () => {
    signInAs(await createUser(testDb, 'registrar'));
    const student = await createUser(testDb);
    const save = (fields: Record<string, string>) =>
      saveStudentProfileAction(IDLE, form({ studentId: String(student.id), classStanding: 'junior', major: '', ...fields }));
    expect(await save({ earnedCredits: '61.5' })).toMatchObject({ status: 'success' });
    expect(await save({ earnedCredits: '64', classStanding: 'senior', major: ' Chemistry ' })).toMatchObject({
      status: 'success',
    });
    expect(await testDb.select().from(studentProfiles).where(eq(studentProfiles.studentId, student.id))).toEqual([
      { studentId: student.id, earnedCredits: 64, classStanding: 'senior', major: 'Chemistry' },
    ]);
    expect(await save({ earnedCredits: '-3' })).toMatchObject({
      status: 'error',
      fieldErrors: { earnedCredits: expect.any(Array) },
    });
    expect(await save({ earnedCredits: '12', classStanding: 'postdoc' })).toMatchObject({
      status: 'error',
      fieldErrors: { classStanding: ['Choose a class standing'] },
    });
  });
});
