import { outcomeFor } from '@/lib/outcomes';
import { failure, success, type ActionState } from '@/lib/web/action-state';

/** The confirmations, the same whichever way the click went (the action without JavaScript, the route with it). */
export const ENROLLED = 'You are enrolled in this section.';
export const ENROLLED_IN_SET = 'You are enrolled in the set.';

/** What the page makes of the API's answer: the form's state, and the answer's own facts. */
export interface DirectAnswer {
  state: ActionState;
  /** 201: the seat(s) are the student's. */
  enrolled: boolean;
  /** The refusal's code (`section_full`, …), or undefined for a success or no answer at all. */
  error?: string;
  /** `section_full`'s waitlist: whether it has room. */
  waitlistOpen?: boolean;
}

/**
 * The page's Enroll on the API's fast path (docs/decisions/0027): the click POSTs to the direct route
 * (server/direct-routes.ts) instead of running a server action that re-renders the page. The browser sends its
 * session cookie and Origin / Sec-Fetch-Site, which the route pipeline checks as it does for any API client
 * (lib/web/request-guards.ts); a refusal's words are the API's `message`, from the same outcome table as the
 * action's. `body` undefined: no body at all (`Content-Length: 0`, read without a stream, docs/decisions/0014).
 */
export async function postEnrollment(url: string, done: string, body?: unknown): Promise<DirectAnswer> {
  const unavailable = (): DirectAnswer => ({ state: failure(outcomeFor('unavailable').message), enrolled: false });
  let response: Response;
  try {
    response = await fetch(
      url,
      body === undefined
        ? { method: 'POST', cache: 'no-store' }
        : { method: 'POST', cache: 'no-store', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
    );
  } catch {
    return unavailable();
  }
  const answer = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.status === 201) return { state: success(done), enrolled: true };
  if (!answer || typeof answer.message !== 'string' || typeof answer.error !== 'string') return unavailable();
  const waitlist = answer.waitlist as { open?: unknown } | undefined;
  return {
    state: failure(answer.message),
    enrolled: false,
    error: answer.error,
    waitlistOpen: waitlist ? waitlist.open === true : undefined,
  };
}
