/**
 * What every request that can change something is checked for before anything reads its body or its session:
 * the route pipeline (lib/web/route.ts) and proxy.ts (page posts: server actions) share these
 * (docs/decisions/0010).
 */
import { publicOrigin } from './edge-trust';

/** The API's bodies are a few bytes of JSON; Auth.js's are a sign-in form. Anything larger is refused unread. */
export const API_BODY_LIMIT = 8 * 1024;
export const AUTH_BODY_LIMIT = 8 * 1024;
/** Server actions: next.config.ts serverActions.bodySizeLimit (32 KB) is what Next enforces on the body it reads. */
export const ACTION_BODY_LIMIT = 32 * 1024;

export const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function parseUrl(url: string, base?: string): URL | null {
  try {
    return new URL(url, base);
  } catch {
    return null;
  }
}

/**
 * A browser says where a request comes from: `Sec-Fetch-Site`, and `Origin` on every cross-origin POST/DELETE.
 * A request with neither comes from a script (curl, the bench), which holds no one's cookie but its own. The Origin
 * must be the site's, scheme, host and port: the public URL when configured, else this request's own Host over
 * plain HTTP (what the app servers speak). X-Forwarded-Host is never consulted (lib/web/edge-trust.ts).
 */
export function isCrossSite(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  return parseUrl(origin)?.origin !== (publicOrigin() ?? `http://${request.headers.get('host')}`);
}

export const hasBody = (request: Request) =>
  request.headers.has('transfer-encoding') || Number(request.headers.get('content-length') ?? 0) > 0;

export const declaredTooLarge = (request: Request, limit: number) => Number(request.headers.get('content-length') ?? 0) > limit;
