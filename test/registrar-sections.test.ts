import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { enroll } from '../db/queries/enrollments';
import { findEnrollmentDrift } from '../db/queries/integrity';
import { enrollments, sections } from '../db/schema';
import { race, tally, testDb } from './db';
import { form, signInAs } from './session';
import { createCourse, createSection, createTerm, createUser, createUsers, fillSection } from '../testing/factories';
import { MWF } from './rules-helpers';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { createSectionAction, deleteSectionAction, updateSectionAction } = await import('../app/(app)/registrar/actions');
const { registrarDropAction, registrarEnrollAction } = await import('../app/(app)/sections/[id]/roster/actions');
const { updateSection } = await import('../db/queries/sections');
const { listSectionMeetings } = await import('../db/queries/meetings');
const { IDLE } = await import('../lib/web/action-state');

async function signInRegistrar() {
  signInAs(await createUser(testDb, 'registrar'));
}

async function capacityOf(sectionId: number) {
  const [row] = await testDb.select().from(sections).where(eq(sections.id, sectionId));
  return row!.capacity;
}

describe('registrar: create a section', () => {
  it('creates it with course, term, code, capacity, instructor, meeting time and location', async () => {
    await signInRegistrar();
    const [course, term, instructor] = [
      await createCourse(testDb),
      await createTerm(testDb),
      await createUser(testDb, 'instructor'),
    ];
    const answer = createSectionAction(
      IDLE,
      form({
        courseId: String(course.id),
        termId: String(term.id),
        code: ' b02 ',
        capacity: '30',
        instructorId: String(instructor.id),
        meetingDay: ['4', '2'],
        meetingStart: ['13:30', '13:30'],
        meetingEnd: ['14:45', '14:45'],
        location: 'Hall 2',
      }),
    );
    await expect(answer).rejects.toMatchObject({
      digest: expect.stringMatching(/^NEXT_REDIRECT;\w+;\/registrar\/sections\/\d+\?created=1;/),
    });
    const [row] = await testDb.select().from(sections).where(eq(sections.courseId, course.id));
    expect(row).toMatchObject({
      code: 'B02',
      capacity: 30,
      instructorId: instructor.id,
      location: 'Hall 2',
      enrolledCount: 0,
    });
    expect((await listSectionMeetings([row!.id], testDb)).get(row!.id)).toEqual([
      { day: 2, startsAt: '13:30', endsAt: '14:45' },
      { day: 4, startsAt: '13:30', endsAt: '14:45' },
    ]);
  });

  it('a duplicate code in the same course and term gets its own message, next to the code', async () => {
    await signInRegistrar();
    const existing = await createSection(testDb);
    const state = await createSectionAction(
      IDLE,
      form({
        courseId: String(existing.courseId),
        termId: String(existing.termId),
        code: existing.code.toLowerCase(),
        capacity: '5',
      }),
    );
    expect(state).toMatchObject({
      status: 'error',
      message: 'That course already has a section with this code in this term',
      fieldErrors: { code: ['That course already has a section with this code in this term'] },
    });
  });

  it('shows field errors in place for bad input, and checks that the instructor is an instructor', async () => {
    await signInRegistrar();
    const state = await createSectionAction(
      IDLE,
      form({
        courseId: '',
        termId: '1',
        code: 'a b',
        capacity: '-3',
        meetingDay: '9',
        meetingStart: '10:00',
        meetingEnd: '11:00',
      }),
    );
    expect(state.status).toBe('error');
    expect(state.message).toBe('Please correct the highlighted fields');
    expect(Object.keys(state.fieldErrors ?? {}).sort()).toEqual(['capacity', 'code', 'courseId', 'meetings']);
    // Each meeting is named by its row; two meetings of the section may not overlap.
    const times = await createSectionAction(
      IDLE,
      form({
        courseId: '1',
        termId: '1',
        code: 'A1',
        capacity: '3',
        meetingDay: ['1', '1', '3'],
        meetingStart: ['10:00', '09:30', '11:00'],
        meetingEnd: ['09:00', '10:30', '11:50'],
      }),
    );
    expect(times.fieldErrors).toEqual({ meetings: ['Meeting 1: the end must be after the start.'] });
    const overlap = await createSectionAction(
      IDLE,
      form({
        courseId: '1',
        termId: '1',
        code: 'A1',
        capacity: '3',
        meetingDay: ['1', '1'],
        meetingStart: ['09:00', '09:30'],
        meetingEnd: ['10:00', '10:30'],
      }),
    );
    expect(overlap.fieldErrors).toEqual({ meetings: ['Meetings 1 and 2 overlap.'] });

    const section = await createSection(testDb);
    const student = await createUser(testDb, 'student');
    const notInstructor = await updateSectionAction(
      IDLE,
      form({ sectionId: String(section.id), capacity: '10', instructorId: String(student.id) }),
    );
    expect(notInstructor).toMatchObject({
      message: 'That account is not an instructor',
      fieldErrors: { instructorId: ['That account is not an instructor'] },
    });
  });
});

describe('registrar: edit capacity', () => {
  it('lowering capacity below the students enrolled is refused by the CHECK, with the count in the message', async () => {
    await signInRegistrar();
    const section = await createSection(testDb, { capacity: 30 });
    await fillSection(testDb, section.id, 23);
    const state = await updateSectionAction(IDLE, form({ sectionId: String(section.id), capacity: '20', instructorId: '' }));
    const message = "Capacity can't be lower than the 23 students already enrolled";
    expect(state).toMatchObject({ status: 'error', message, fieldErrors: { capacity: [message] } });
    expect(await capacityOf(section.id)).toBe(30);

    const ok = await updateSectionAction(
      IDLE,
      form({
        sectionId: String(section.id),
        capacity: '23',
        instructorId: '',
        meetingDay: '1',
        meetingStart: '08:00',
        meetingEnd: '08:50',
      }),
    );
    expect(ok).toMatchObject({ status: 'success', message: 'Section saved.' });
    expect(await capacityOf(section.id)).toBe(23);
  });

  it('an unknown section is named as such', async () => {
    await signInRegistrar();
    const state = await updateSectionAction(IDLE, form({ sectionId: '2000000000', capacity: '5', instructorId: '' }));
    expect(state).toMatchObject({ status: 'error', message: 'Section not found' });
  });
});

describe('registrar: delete a section', () => {
  it('is refused with a clear message while the section has enrollments, withdrawn ones included', async () => {
    await signInRegistrar();
    const section = await createSection(testDb);
    const [student] = await fillSection(testDb, section.id, 1);
    await testDb.update(enrollments).set({ completionStatus: 'withdrawn' }).where(eq(enrollments.studentId, student!.id));
    const state = await deleteSectionAction(IDLE, form({ sectionId: String(section.id) }));
    expect(state).toMatchObject({ status: 'error', message: 'This section has enrollments and cannot be deleted' });
    expect(await testDb.select().from(sections).where(eq(sections.id, section.id))).toHaveLength(1);
  });
});

describe('registrar: enroll or drop a student on their behalf', () => {
  it('may enroll after registration has closed, but never beyond capacity', async () => {
    await signInRegistrar();
    const section = await createSection(testDb, { phase: 'closed_before_drop_deadline', capacity: 1 });
    const [first, second] = await createUsers(testDb, 2);
    const enrolled = await registrarEnrollAction(
      IDLE,
      form({ sectionId: String(section.id), studentEmail: first!.email.toUpperCase() }),
    );
    expect(enrolled).toMatchObject({
      status: 'success',
      message: `${first!.name} (${first!.email}) is enrolled in this section.`,
    });
    const full = await registrarEnrollAction(IDLE, form({ sectionId: String(section.id), studentEmail: second!.email }));
    expect(full).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^Section is full: [A-Z]+ \S+-\S+ has no open seats\.$/),
    });
    const again = await registrarEnrollAction(IDLE, form({ sectionId: String(section.id), studentEmail: first!.email }));
    expect(again).toMatchObject({ message: 'That student already holds a seat in this section' });
  });

  it('checks that the email names a student account', async () => {
    await signInRegistrar();
    const section = await createSection(testDb);
    const instructor = await createUser(testDb, 'instructor');
    expect(
      await registrarEnrollAction(IDLE, form({ sectionId: String(section.id), studentEmail: instructor.email })),
    ).toMatchObject({
      message: 'That account is not a student',
      fieldErrors: { studentEmail: ['That account is not a student'] },
    });
    expect(
      await registrarEnrollAction(IDLE, form({ sectionId: String(section.id), studentEmail: 'nobody@test.curriculab.test' })),
    ).toMatchObject({
      message: 'Student not found',
    });
    expect(
      await registrarEnrollAction(IDLE, form({ sectionId: String(section.id), studentEmail: 'not an email' })),
    ).toMatchObject({
      fieldErrors: { studentEmail: ['Enter a valid email address'] },
    });
  });

  it('drops before the drop deadline and withdraws after it', async () => {
    await signInRegistrar();
    const early = await createSection(testDb, { phase: 'open' });
    const late = await createSection(testDb, { phase: 'past_withdraw' });
    const student = await createUser(testDb, 'student');
    await testDb.insert(enrollments).values([early, late].map((s) => ({ studentId: student.id, sectionId: s.id })));

    expect(await registrarDropAction(IDLE, form({ sectionId: String(early.id), studentEmail: student.email }))).toMatchObject({
      status: 'success',
      message: expect.stringContaining('was dropped from this section'),
    });
    expect(await registrarDropAction(IDLE, form({ sectionId: String(late.id), studentEmail: student.email }))).toMatchObject({
      status: 'success',
      message: expect.stringContaining('was withdrawn from this section'),
    });
    const rows = await testDb.select().from(enrollments).where(eq(enrollments.studentId, student.id));
    expect(rows.map((r) => [r.sectionId, r.completionStatus])).toEqual([[late.id, 'withdrawn']]);
    expect(await registrarDropAction(IDLE, form({ sectionId: String(early.id), studentEmail: student.email }))).toMatchObject({
      message: 'That student is not enrolled in this section',
    });
  });
});

describe('lowering capacity while students enroll (docs/decisions/0004)', () => {
  it.for([1, 2, 3])('never leaves a section over capacity, round %i', async () => {
    const meetings = MWF('09:00', '09:50');
    // The same meetings as the updates below send: only capacity changes while students enroll.
    const section = await createSection(testDb, { capacity: 40, meetings });
    await fillSection(testDb, section.id, 10);
    const students = await createUsers(testDb, 60);
    const targets = [12, 15, 18, 20, 25, 30];
    const settings = { instructorId: null, meetings, location: 'Test Hall 101' };

    const results = await race(students.length + targets.length, async (db, i) => {
      if (i < targets.length) {
        const result = await updateSection(section.id, { capacity: targets[i]!, ...settings }, db);
        return result.ok ? `capacity ${targets[i]}` : result.reason;
      }
      const result = await enroll(students[i - targets.length]!.id, section.id, db);
      return result.ok ? 'enrolled' : result.reason;
    });

    const outcomes = tally(results);
    const [after] = await testDb.select().from(sections).where(eq(sections.id, section.id));
    const seats = await testDb.select().from(enrollments).where(eq(enrollments.sectionId, section.id));
    expect(after!.enrolledCount).toBe(seats.length);
    expect(after!.enrolledCount).toBeLessThanOrEqual(after!.capacity);
    expect(outcomes.enrolled ?? 0).toBe(seats.length - 10);
    // Every refusal is one of the two answers the CHECK gives, never an error.
    expect(Object.keys(outcomes).every((o) => /^(enrolled|section_full|capacity_below_enrolled|capacity \d+)$/.test(o))).toBe(
      true,
    );
    expect(await findEnrollmentDrift(testDb)).toEqual([]);
  });
});
