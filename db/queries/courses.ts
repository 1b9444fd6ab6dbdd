import 'server-only';
import { asc } from 'drizzle-orm';
import { db } from '../index';
import { courses } from '../schema';

export async function listCourseOptions() {
  return db()
    .select({ id: courses.id, subject: courses.subject, number: courses.number, title: courses.title })
    .from(courses)
    .orderBy(asc(courses.subject), asc(courses.number));
}
