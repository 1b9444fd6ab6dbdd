import 'server-only';
import { NextResponse } from 'next/server';
import { classifyDbError } from '@/db/errors';
import type { UserRole } from '@/db/schema';
import { answerFor, type AppFailure } from './answers';
import { requireRole, type SessionUser } from './authz';
import { parseId } from './ids';

/** Every API error has this shape: `{ error: code, message: text }`. */
export function errorResponse(failure: AppFailure): NextResponse {
  const { status, message } = answerFor(failure);
  return NextResponse.json({ error: failure, message }, { status, headers: { 'Cache-Control': 'no-store' } });
}

type Handler = (context: { user: SessionUser; id: number; request: Request }) => Promise<NextResponse>;

/**
 * authenticate → authorize → validate the path id (and any JSON body) → run; anything thrown becomes a JSON answer.
 */
export function sectionRoute(roles: UserRole[], handler: Handler) {
  return async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    try {
      const user = await requireRole(...roles);
      if (!user.ok) return errorResponse(user.reason);
      const id = parseId((await params).id);
      if (!id) return errorResponse('invalid_section_id');
      if (!(await hasValidJsonBody(request))) return errorResponse('malformed_json');
      return await handler({ user: user.value, id, request });
    } catch (error) {
      return errorResponse(classifyDbError(error));
    }
  };
}

/** No body, or a JSON one: the section id is in the path, but garbage in the body is still refused. */
async function hasValidJsonBody(request: Request): Promise<boolean> {
  if (request.method === 'GET' || request.method === 'HEAD') return true;
  const text = await request.text();
  if (!text.trim()) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
