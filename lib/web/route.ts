import 'server-only';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { failureFromThrown } from '@/db/errors';
import type { UserRole } from '@/db/schema';
import { idSchema } from '@/lib/ids';
import { outcomeFor, type Failure } from '@/lib/outcomes';
import { requireRole, type SessionUser } from './authz';

/**
 * Every API error has this shape: `{ error: code, message: text }`, with `fields` for a body to correct and any
 * facts the contract adds to one refusal (`section_full` carries the waitlist).
 */
export function errorResponse(
  failure: Failure,
  fields?: Record<string, string[] | undefined>,
  extra?: Record<string, unknown>,
): NextResponse {
  const { status, message } = outcomeFor(failure);
  return NextResponse.json(
    { error: failure, message, ...(fields ? { fields } : {}), ...extra },
    { status, headers: { 'Cache-Control': 'no-store' } },
  );
}

export interface RouteSpec<B extends z.ZodType | undefined> {
  /** Who may call it: these roles, or any signed-in user (`[]`). */
  roles: UserRole[];
  /**
   * The JSON body it reads, if any. Only a route that declares one reads the request body; an empty body is
   * parsed as `{}`, so a body whose fields are all optional may be left out.
   */
  body?: B;
}

type Context<B> = { user: SessionUser; id: number; request: Request; body: B extends z.ZodType ? z.output<B> : undefined };

/**
 * The one pipeline of every route handler under /api/sections/{id}: authenticate → authorize → validate the
 * path id (and the declared body) → run → respond. Anything thrown becomes 503 'unavailable' or a logged 500.
 */
export function sectionRoute<B extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<B>,
  handler: (context: Context<B>) => Promise<Response>,
) {
  return async (request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> => {
    try {
      const user = await requireRole(...spec.roles);
      if (!user.ok) return errorResponse(user.reason);
      const id = idSchema.safeParse((await params).id);
      if (!id.success) return errorResponse('invalid_section_id');
      let body: unknown = undefined;
      if (spec.body) {
        const json = await readJson(request);
        if (json === MALFORMED) return errorResponse('malformed_json');
        const parsed = spec.body.safeParse(json);
        if (!parsed.success)
          return errorResponse('invalid_input', z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
        body = parsed.data;
      }
      return await handler({ user: user.value, id: id.data, request, body: body as Context<B>['body'] });
    } catch (error) {
      return errorResponse(failureFromThrown(error));
    }
  };
}

const MALFORMED = Symbol('malformed');

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    return MALFORMED;
  }
}
