import 'server-only';
import { z } from 'zod';
import { failureFromThrown } from '@/db/errors';
import { sessionHolder, type SessionClaims } from '@/lib/domain/accounts';
import { idSchema } from '@/lib/ids';
import { LIVE_MAX_SECTIONS } from '@/lib/live/seats';
import { requestClaims, type SessionUser } from './authz';
import { errorResponse } from './route';

/** `?sections=1,2,3`: distinct section ids, at most LIVE_MAX_SECTIONS of them. */
const liveQuery = z.object({
  sections: z
    .string({ error: 'is required' })
    .max(LIVE_MAX_SECTIONS * 11, `names more than ${LIVE_MAX_SECTIONS} sections`)
    .transform((text) => text.split(','))
    .pipe(z.array(idSchema).min(1, 'names no section').max(LIVE_MAX_SECTIONS, `names more than ${LIVE_MAX_SECTIONS} sections`))
    .transform((ids) => [...new Set(ids)]),
});

export interface LiveContext {
  user: SessionUser;
  claims: SessionClaims;
  sections: number[];
  request: Request;
}

/**
 * The pipeline of the live routes (GET only, nothing to guard against cross-site): authenticate (any signed-in
 * user; the claims are kept so the stream can re-check its session later) → validate the section ids → run.
 * Unknown ids are not an error: they simply never change (a deleted section stops being sent).
 */
export function liveRoute(handler: (context: LiveContext) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      const claims = await requestClaims(request);
      const holder = claims ? await sessionHolder(claims) : null;
      if (!claims || !holder) return errorResponse('unauthenticated');
      const params = new URL(request.url).searchParams;
      const parsed = liveQuery.safeParse({ sections: params.get('sections') ?? undefined });
      if (!parsed.success) {
        return errorResponse('invalid_input', { fields: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> });
      }
      const user = { id: holder.id, name: holder.name, email: holder.email, role: holder.role };
      return await handler({ user, claims, sections: parsed.data.sections, request });
    } catch (error) {
      return errorResponse(failureFromThrown(error));
    }
  };
}
