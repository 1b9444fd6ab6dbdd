import { NextResponse } from 'next/server';
import { recordSectionGrades } from '@/lib/domain/grades';
import { recordGradesBody } from '@/lib/web/grades-form';
import { refusalResponse, route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/**
 * The section's instructor or a registrar records final grades, `{"grades": [{"studentId", "grade"}]}`, in one
 * transaction: 200 {completed}; 400 a grade outside the scale; 403 another instructor; 404 unknown section, or a
 * student without a seat in it (nothing saved); 409 grading_not_open before the term's classes end.
 */
export const PUT = route(
  { roles: ['instructor', 'registrar'], id: 'section', body: recordGradesBody },
  async ({ user, id, body }) => {
    const result = await recordSectionGrades(user, id, body.grades);
    if (!result.ok) return refusalResponse(result);
    return NextResponse.json(result.value);
  },
);
