import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { failureFromThrown } from '@/db/errors';
import type { UserRole } from '@/db/schema';
import type { SessionClaims } from '@/lib/domain/accounts';
import { idSchema } from '@/lib/ids';
import { outcomeFor, type Failure } from '@/lib/outcomes';
import { hasNul } from '@/lib/text';
import { authenticateRequest, type SessionUser, type StatementSession } from './authz';
import { fieldErrors } from './field-errors';
import { API_BODY_LIMIT, READ_ONLY_METHODS, declaredTooLarge, hasBody, isCrossSite } from './request-guards';

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

type Output<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteSpec<R extends UserRole[] | 'public', Q, B> {
  /** Who may call it: these roles, any signed-in user (`[]`), or anyone (`'public'`: no session is read). */
  roles: R;
  /** The path's `[id]`: a section's, or a student's (which answers a malformed one as such). */
  id?: 'section' | 'student';
  /** The query string, validated (400 with field errors; a repeated parameter counts once, the first). */
  query?: Q;
  /**
   * The JSON body it reads, if any. Only a route that declares one reads the request body; an empty body is
   * parsed as `{}`, so a body whose fields are all optional may be left out.
   */
  body?: B;
  /**
   * A form body (Auth.js's sign-in and sign-out), read as text up to `limit` bytes and guarded by Auth.js's own
   * CSRF token instead of the JSON checks.
   */
  form?: { limit: number };
  /**
   * A file sent as the body (`Content-Type: text/csv`), at most `limit` bytes: a declared larger one is refused
   * unread, a longer stream is cut off by the handler's reader (lib/import). Cross-site requests are refused.
   */
  upload?: { limit: number };
  /**
   * 'statement': a student's session is checked against the users row by the handler's one statement, given
   * `session.sessionVersion` (or by `session.confirm()` on another path), not by a lookup before it: one round trip
   * less on the registration rush's own request (docs/decisions/0016). `session` is null when the pipeline already
   * made the full check (another role's token). Only for a handler that passes it on, on every path.
   */
  sessionCheck?: 'statement';
}

export interface RouteContext<R, Q, B> {
  request: Request;
  user: R extends 'public' ? null : SessionUser;
  /** The claims the session was checked by (a live stream re-checks them later). */
  claims: R extends 'public' ? null : SessionClaims;
  /** With `sessionCheck: 'statement'`: the check the handler still owes (null: already made). */
  session: StatementSession | null;
  /** The path id (0 for a route without one). */
  id: number;
  query: Output<Q>;
  body: Output<B>;
  /** The form body's text, with `form` ('' otherwise). */
  form: string;
}

type Params = { params?: Promise<Record<string, string | string[] | undefined>> };

/**
 * The one pipeline of every route handler: refuse what is refused up front → authenticate → authorize → validate
 * the path id, the query and the declared body → run → respond, `Cache-Control: no-store` unless the handler
 * said otherwise (every answer here is someone's). Anything thrown becomes 503 'unavailable' or a logged 500.
 */
export function route<
  const R extends UserRole[] | 'public',
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<R, Q, B>, handler: (context: RouteContext<R, Q, B>) => Promise<Response>) {
  return async (request: Request, context: Params = {}): Promise<Response> => {
    try {
      const refused = spec.upload ? refusedUpload(request, spec.upload.limit) : refusedUpFront(request, spec);
      if (refused) return errorResponse(refused);
      let access: { user: SessionUser | null; claims: SessionClaims | null; session: StatementSession | null } = {
        user: null,
        claims: null,
        session: null,
      };
      if (spec.roles !== 'public') {
        const checked = await authenticateRequest(request, spec.roles, { inStatement: spec.sessionCheck === 'statement' });
        if (!checked.ok) return errorResponse(checked.reason);
        access = checked.value;
      }
      let id = 0;
      if (spec.id) {
        const parsed = idSchema.safeParse((await context.params)?.id);
        if (!parsed.success) return errorResponse(spec.id === 'student' ? 'invalid_student_id' : 'invalid_section_id');
        id = parsed.data;
      }
      let query: unknown = undefined;
      if (spec.query) {
        const params = new URL(request.url).searchParams;
        const parsed = spec.query.safeParse(Object.fromEntries([...params.keys()].map((key) => [key, params.get(key)])));
        if (!parsed.success) return errorResponse('invalid_input', { fields: fieldErrors(parsed.error) });
        query = parsed.data;
      }
      let body: unknown = undefined;
      if (spec.body) {
        const json = await readJson(request);
        if (json === TOO_LARGE) return errorResponse('body_too_large');
        if (json === MALFORMED) return errorResponse('malformed_json');
        if (hasNul(json)) return errorResponse('invalid_input');
        const parsed = spec.body.safeParse(json);
        if (!parsed.success) return errorResponse('invalid_input', { fields: fieldErrors(parsed.error) });
        body = parsed.data;
      }
      let form = '';
      if (spec.form && !READ_ONLY_METHODS.has(request.method)) {
        const text = await readBodyText(request, spec.form.limit);
        if (text === TOO_LARGE) return errorResponse('body_too_large');
        form = text;
      }
      const response = await handler({ request, ...access, id, query, body, form } as RouteContext<R, Q, B>);
      return privateByDefault(response);
    } catch (error) {
      return errorResponse(failureFromThrown(error));
    }
  };
}

/**
 * What is refused before anyone is authenticated (docs/decisions/0010): a body declared larger than the limit
 * (413, unread); for a JSON request that changes something, a foreign origin (403 cross_site_request, the JSON
 * API's CSRF defence beside SameSite=Lax) and a body that is not JSON (415: a form or text/plain is what a
 * cross-site page could send without asking).
 */
function refusedUpFront(request: Request, spec: { form?: { limit: number } }): Failure | null {
  if (declaredTooLarge(request, spec.form?.limit ?? API_BODY_LIMIT)) return 'body_too_large';
  if (READ_ONLY_METHODS.has(request.method) || spec.form) return null;
  if (isCrossSite(request)) return 'cross_site_request';
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (hasBody(request) && mediaType !== 'application/json') return 'unsupported_media_type';
  return null;
}

/** An upload: the same early refusals as JSON, with the file's own size and media type. */
function refusedUpload(request: Request, limit: number): Failure | null {
  if (declaredTooLarge(request, limit)) return 'file_too_large';
  if (isCrossSite(request)) return 'cross_site_request';
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'text/csv') return 'not_csv';
  return null;
}

/** `Cache-Control: no-store` on an answer whose handler set none (a response's headers may be immutable). */
function privateByDefault(response: Response): Response {
  if (response.headers.has('cache-control')) return response;
  try {
    response.headers.set('Cache-Control', 'no-store');
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set('Cache-Control', 'no-store');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

const TOO_LARGE = Symbol('too large');
const MALFORMED = Symbol('malformed');

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
