import { findStudent } from '@/db/queries/users';
import { historyCsvResponse } from '@/lib/web/history-response';
import { errorResponse, route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** A student's timeline as CSV, for registrars: 401 signed out, 403 anyone else, 404 no such student. */
export const GET = route({ roles: ['registrar'], id: 'student' }, async ({ id, request }) => {
  if (!(await findStudent(id))) return errorResponse('student_not_found');
  return historyCsvResponse(request, { studentId: id }, `student-${id}-history.csv`);
});
