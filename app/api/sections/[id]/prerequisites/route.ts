import { NextResponse } from 'next/server';
import { z } from 'zod';
import { sectionPrerequisites, setSectionPrerequisites } from '@/lib/domain/prerequisites';
import { errorResponse, refusalResponse, route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

const prerequisitesBody = z.object({ expression: z.string().max(2000) }).strict();

/** The section's course's prerequisites: 200 {courseId, course, expression, groups}; 404 unknown section. */
export const GET = route({ roles: [], id: 'section' }, async ({ id }) => {
  const found = await sectionPrerequisites(id);
  if (!found) return errorResponse('section_not_found');
  return NextResponse.json(found);
});

/**
 * A registrar replaces the course's prerequisites with `{"expression": "(CS 1301 [C] or CS 1315 [C]) and MATH 1551"}`
 * ("" removes them): 200 with the canonical expression and its groups; 400 invalid_input saying where the expression
 * went wrong (`position`, 0-based) or which courses the catalog lacks; 404 unknown section.
 */
export const PUT = route({ roles: ['registrar'], id: 'section', body: prerequisitesBody }, async ({ id, body }) => {
  const result = await setSectionPrerequisites(id, body.expression);
  if (result.ok) return NextResponse.json(result.value);
  if (result.reason !== 'invalid_input') return refusalResponse(result);
  return errorResponse('invalid_input', {
    message: result.message,
    fields: { expression: [result.message ?? ''] },
    extra: 'position' in result && result.position !== undefined ? { position: result.position } : undefined,
  });
});
