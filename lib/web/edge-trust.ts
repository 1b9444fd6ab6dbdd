/**
 * What the app trusts about where a request came from (docs/decisions/0019). Two settings, each made once:
 *
 * - `AUTH_URL`, the public URL people use (the balancer's, behind one): Auth.js builds every redirect and cookie
 *   from it, and the Origin check compares against it. Unset (one server, dev), the request's own Host is the site.
 * - `BALANCER_SECRET`: the balancer adds it as `X-Curriculab-Balancer` to every request it forwards (stack/haproxy.ts).
 *   Only a request that carries it has its `X-Forwarded-For` believed; anyone else who reaches an app server's port
 *   directly is a client without an address, however it fills the header in.
 */
import { timingSafeEqual } from 'node:crypto';

export const BALANCER_HEADER = 'x-curriculab-balancer';

/** The public origin (scheme, host and port), when AUTH_URL says it. */
export function publicOrigin(): string | null {
  const url = process.env.AUTH_URL;
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Whether the request came through our balancer (it carries the shared secret). */
export function fromBalancer(headers: Headers): boolean {
  const secret = process.env.BALANCER_SECRET;
  const given = headers.get(BALANCER_HEADER);
  if (!secret || given === null) return false;
  const [a, b] = [Buffer.from(secret), Buffer.from(given)];
  return a.length === b.length && timingSafeEqual(a, b);
}
