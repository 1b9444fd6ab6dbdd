import 'server-only';
import type { AcceptedConflict } from './sections';
import { asc, eq, sql } from 'drizzle-orm';
import { db } from '../index';
import type { Executor } from '../executor';
import { courses, enrollments, holdsSeat, sections, terms, users, type CompletionStatus } from '../schema';
import { sectionMeetingsColumn } from './meetings';
import { termClock } from './terms';

export const ROSTER_SORTS = ['name', 'time'] as const;
export type RosterSort = (typeof ROSTER_SORTS)[number];

/** `?sort=` as the roster page and its CSV read it: anything else sorts by name. */
export function parseRosterSort(value: string | null | undefined): RosterSort {
  return (ROSTER_SORTS as readonly (string | null | undefined)[]).includes(value) ? (value as RosterSort) : 'name';
}

/**
 * When the student took the seat: an 'enrolled' row's updated_at moves only when it (re)gains the seat
 * (docs/decisions/0002 keeps one row per student and section), any other row keeps its first enrollment time.
 */
const enrolledAt = sql<Date>`CASE WHEN ${enrollments.completionStatus} = 'enrolled' THEN ${enrollments.updatedAt} ELSE ${enrollments.createdAt} END`;

export interface RosterEntry {
  studentId: number;
  name: string;
  email: string;
  status: CompletionStatus;
  enrolledAt: Date;
  changedAt: Date;
  /** Overlaps a registrar's move accepted for this seat (docs/decisions/0018); empty for most. */
  conflicts: AcceptedConflict[];
  /** The rest of the student's set in this course ("CHEM 1211K-A02"), docs/decisions/0022; empty for most. */
  setMates: string[];
}

/**
 * A section and everyone who has enrolled in it, read in one snapshot, so that the seat holders listed
 * are exactly the section's enrolled_count even while students are enrolling.
 */
export async function getRoster(sectionId: number, sort: RosterSort = 'name', database: Executor = db()) {
  return database.transaction(
    async (tx) => {
      const [section] = await tx
        .select({
          id: sections.id,
          code: sections.code,
          capacity: sections.capacity,
          enrolledCount: sections.enrolledCount,
          instructorId: sections.instructorId,
          meetings: sectionMeetingsColumn,
          location: sections.location,
          course: { subject: courses.subject, number: courses.number, title: courses.title },
          term: {
            id: terms.id,
            code: terms.code,
            name: terms.name,
            dropDeadline: terms.dropDeadline,
            withdrawDeadline: terms.withdrawDeadline,
            ...termClock,
          },
        })
        .from(sections)
        .innerJoin(courses, eq(courses.id, sections.courseId))
        .innerJoin(terms, eq(terms.id, sections.termId))
        .where(eq(sections.id, sectionId));
      if (!section) return undefined;
      const entries: RosterEntry[] = await tx
        .select({
          studentId: users.id,
          name: users.name,
          email: users.email,
          status: enrollments.completionStatus,
          enrolledAt: sql<Date>`${enrolledAt}`.mapWith(enrollments.updatedAt),
          changedAt: enrollments.updatedAt,
          conflicts: sql<AcceptedConflict[]>`enrollment_accepted_conflicts(${enrollments.id})`,
          setMates: sql<string[]>`(SELECT coalesce(array_agg(section_label(x) ORDER BY x), '{}')
                                     FROM unnest(student_set_sections(${enrollments.studentId}, ${enrollments.sectionId})) x
                                    WHERE x <> ${enrollments.sectionId})`,
        })
        .from(enrollments)
        .innerJoin(users, eq(users.id, enrollments.studentId))
        .where(eq(enrollments.sectionId, sectionId))
        .orderBy(
          ...(sort === 'name' ? [asc(sql`lower(${users.name})`), asc(users.email)] : [asc(enrolledAt), asc(enrollments.id)]),
        );
      return {
        section,
        seated: entries.filter((e) => holdsSeat(e.status)),
        withdrawn: entries.filter((e) => !holdsSeat(e.status)),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export type Roster = NonNullable<Awaited<ReturnType<typeof getRoster>>>;
