import type { Enrollment } from '@/db/schema';

/** An enrollment as the API answers it. */
export const enrollmentJson = (e: Enrollment) => ({
  id: e.id,
  studentId: e.studentId,
  sectionId: e.sectionId,
  status: e.completionStatus,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});
