import { fromBalancer } from './edge-trust';

/**
 * The client's address as the load balancer reports it: the last entry of X-Forwarded-For, the one our balancer
 * appended (earlier entries are whatever the client sent), and only on a request that came through it
 * (lib/web/edge-trust.ts). Without it there is no address, and the per-address sign-in limit does not apply (the
 * per-account one still does).
 */
export function clientAddress(headers: Headers): string | null {
  if (!fromBalancer(headers)) return null;
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded?.split(',').at(-1)?.trim();
  return last ? last.slice(0, 64) : null;
}
