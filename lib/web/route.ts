import 'server-only';
import { NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { failureFromThrown } from '@/db/errors';
import type { UserRole } from '@/db/schema';
import { idSchema } from '@/lib/ids';
import { signInRetryAfter } from '@/lib/domain/accounts';
import { outcomeFor, type Failure } from '@/lib/outcomes';
import { hasNul } from '@/lib/text';
import { requireRequestRole, requireRequestRoleInStatement, type SessionUser, type StatementSession } from './authz';
import { clientAddress } from './client-address';
import {
  API_BODY_LIMIT,
  AUTH_BODY_LIMIT,
  READ_ONLY_METHODS,
  declaredTooLarge,
  hasBody,
  isCrossSite,
  parseUrl,
} from './request-guards';

/**
 * Every API error has this shape: `{ error: code, message: text }`, the message the page would show; `fields` for
 * a body to correct, and any facts the contract adds to one refusal (`section_full` carries the waitlist).
 */
export function errorResponse(
  failure: Failure,
  {
    message,
    fields,
    extra,
  }: { message?: string; fields?: Record<string, string[] | undefined>; extra?: Record<string, unknown> } = {},
): NextResponse {
  const outcome = outcomeFor(failure);
  return NextResponse.json(
    { error: failure, message: message ?? outcome.message, ...(fields ? { fields } : {}), ...extra },
    { status: outcome.status, headers: { 'Cache-Control': 'no-store' } },
  );
}

/** A refused Result as the API's error response. */
export function refusalResponse(refusal: { reason: Failure; message?: string }): NextResponse {
  return errorResponse(refusal.reason, { message: refusal.message });
}

export interface RouteSpec<B extends z.ZodType | undefined> {
  /** Who may call it: these roles, or any signed-in user (`[]`). */
  roles: UserRole[];
  /**
   * The JSON body it reads, if any. Only a route that declares one reads the request body; an empty body is
   * parsed as `{}`, so a body whose fields are all optional may be left out.
   */
  body?: B;
  /** The answer to a malformed path id: the section's, unless the path names a student. */
  invalidId?: Failure;
  /**
   * 'statement': a student's session is checked against the users row by the handler's one statement, given
   * `session.sessionVersion` (or by `session.confirm()` on another path), not by a lookup before it: one round trip
   * less on the registration rush's own request (docs/decisions/0016). `session` is null when the pipeline already
   * made the full check (another role's token). Only for a handler that passes it on, on every path.
   */
  sessionCheck?: 'statement';
}

type Context<B> = {
  user: SessionUser;
  id: number;
  request: Request;
  body: B extends z.ZodType ? z.output<B> : undefined;
  /** With `sessionCheck: 'statement'`: the check the handler still owes (null: already made). */
  session: StatementSession | null;
};

/**
 * What is refused before anyone is authenticated (docs/decisions/0010): a body declared larger than the limit
 * (413, unread); for a request that changes something, a foreign origin (403 cross_site_request, the JSON API's
 * CSRF defence beside SameSite=Lax) and a body that is not JSON (415: a form or text/plain is what a cross-site
 * page could send without asking).
 */
function refusedUpFront(request: Request): Failure | null {
  if (declaredTooLarge(request, API_BODY_LIMIT)) return 'body_too_large';
  if (READ_ONLY_METHODS.has(request.method)) return null;
  if (isCrossSite(request)) return 'cross_site_request';
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (hasBody(request) && mediaType !== 'application/json') return 'unsupported_media_type';
  return null;
}

const TOO_LARGE = Symbol('too large');

/** The body as text, read up to `limit` bytes: a longer one (sent chunked, without a length) is cut off there. */
async function readBodyText(request: Request, limit: number): Promise<string | typeof TOO_LARGE> {
  if (declaredTooLarge(request, limit)) return TOO_LARGE;
  // Declared empty: a web stream's reader costs a rush real time for nothing (docs/decisions/0014).
  if (!request.body || request.headers.get('content-length') === '0') return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The one pipeline of every route handler under /api/sections/{id} (and /api/students/{id}): refuse what is refused up front →
 * authenticate → authorize → validate the path id (and the declared body) → run → respond. Anything thrown
 * becomes 503 'unavailable' or a logged 500.
 */
export function sectionRoute<B extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<B>,
  handler: (context: Context<B>) => Promise<Response>,
) {
  return async (request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> => {
    try {
      const refused = refusedUpFront(request);
      if (refused) return errorResponse(refused);
      const checked =
        spec.sessionCheck === 'statement'
          ? await requireRequestRoleInStatement(request, spec.roles)
          : await requireRequestRole(request, spec.roles).then((r) =>
              r.ok ? { ...r, value: { user: r.value, session: null } } : r,
            );
      if (!checked.ok) return errorResponse(checked.reason);
      const { user, session } = checked.value;
      const id = idSchema.safeParse((await params).id);
      if (!id.success) return errorResponse(spec.invalidId ?? 'invalid_section_id');
      let body: unknown = undefined;
      if (spec.body) {
        const json = await readJson(request);
        if (json === TOO_LARGE) return errorResponse('body_too_large');
        if (json === MALFORMED) return errorResponse('malformed_json');
        if (hasNul(json)) return errorResponse('invalid_input');
        const parsed = spec.body.safeParse(json);
        if (!parsed.success)
          return errorResponse('invalid_input', { fields: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
        body = parsed.data;
      }
      return await handler({ user, id: id.data, request, body: body as Context<B>['body'], session });
    } catch (error) {
      return errorResponse(failureFromThrown(error));
    }
  };
}

/**
 * The same pipeline for a read of a collection (no id in the path): refuse up front → authenticate → authorize →
 * the query string, validated by `query` (400 with field errors; a repeated parameter counts once, the first) → run.
 */
export function collectionRoute<Q extends z.ZodType>(
  spec: { roles: UserRole[]; query: Q },
  handler: (context: { user: SessionUser; query: z.output<Q> }) => Promise<Response>,
) {
  return async (request: Request): Promise<Response> => {
    try {
      const refused = refusedUpFront(request);
      if (refused) return errorResponse(refused);
      const user = await requireRequestRole(request, spec.roles);
      if (!user.ok) return errorResponse(user.reason);
      const params = new URL(request.url).searchParams;
      const parsed = spec.query.safeParse(Object.fromEntries([...params.keys()].map((key) => [key, params.get(key)])));
      if (!parsed.success)
        return errorResponse('invalid_input', { fields: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
      return await handler({ user: user.value, query: parsed.data });
    } catch (error) {
      return errorResponse(failureFromThrown(error));
    }
  };
}

const MALFORMED = Symbol('malformed');

async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request, API_BODY_LIMIT);
  if (text === TOO_LARGE) return TOO_LARGE;
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    return MALFORMED;
  }
}

/**
 * Auth.js's route (sign-in, sign-out, session) behind the same body limit, and its throttled sign-in answered as
 * an API caller needs it: 429 with Retry-After, where Auth.js would redirect to the sign-in page.
 */
export function authRoute(handler: (request: NextRequest) => Promise<Response>) {
  return async (request: NextRequest): Promise<Response> => {
    const text = READ_ONLY_METHODS.has(request.method) ? '' : await readBodyText(request, AUTH_BODY_LIMIT);
    if (text === TOO_LARGE) return errorResponse('body_too_large');
    const { method, headers } = request;
    const response = await handler(new NextRequest(request.url, { method, headers, body: text || undefined }));
    const redirectedTo = parseUrl(response.headers.get('location') ?? '', request.url);
    if (redirectedTo?.searchParams.get('code') !== 'too_many_sign_ins') return response;
    const email = new URLSearchParams(text).get('email') ?? '';
    const retryAfter = await signInRetryAfter(email.trim(), clientAddress(headers)).catch(() => null);
    const refusal = errorResponse('too_many_sign_ins');
    refusal.headers.set('Retry-After', String(retryAfter ?? 60));
    return refusal;
  };
}
