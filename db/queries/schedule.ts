import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { db } from '../index';
import { courses, enrollments, sections, users } from '../schema';

export async function findEnrollment(studentId: number, sectionId: number) {
  const [row] = await db()
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.studentId, studentId), eq(enrollments.sectionId, sectionId)));
  return row;
}

/** A student's enrollments (withdrawn ones included) in one term, in meeting order. */
export async function listSchedule(studentId: number, termId: number) {
  return db()
    .select({
      enrollmentId: enrollments.id,
      status: enrollments.completionStatus,
      enrolledAt: enrollments.createdAt,
      section: {
        id: sections.id,
        code: sections.code,
        meetingDays: sections.meetingDays,
        startTime: sections.startTime,
        endTime: sections.endTime,
        location: sections.location,
      },
      course: { subject: courses.subject, number: courses.number, title: courses.title, credits: courses.credits },
      instructorName: users.name,
    })
    .from(enrollments)
    .innerJoin(sections, eq(sections.id, enrollments.sectionId))
    .innerJoin(courses, eq(courses.id, sections.courseId))
    .leftJoin(users, eq(users.id, sections.instructorId))
    .where(and(eq(enrollments.studentId, studentId), eq(sections.termId, termId)))
    .orderBy(asc(sections.startTime), asc(courses.subject), asc(courses.number));
}

export type ScheduleEntry = Awaited<ReturnType<typeof listSchedule>>[number];
