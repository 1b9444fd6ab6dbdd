/** A small HTTP/1.1 client over keep-alive sockets, with the cookie handling that Auth.js sign-in needs. */
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 2048 });

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type RequestOptions = { method?: string; headers?: Record<string, string>; body?: string };

/**
 * One request on the shared keep-alive agent. A reused socket the server has just closed (its keep-alive
 * timeout) fails with ECONNRESET before anything was processed: that request is sent again once, as browsers do.
 */
export function request(url: string, options: RequestOptions = {}, retried = false): Promise<HttpResponse> {
  const { method = 'GET', headers = {}, body } = options;
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && error.code === 'ECONNRESET') resolve(request(url, options, true));
      else reject(error);
    });
    req.end(body);
  });
}

/** Cookies by name, as a browser would keep them for one origin. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: HttpResponse) {
    for (const line of response.headers['set-cookie'] ?? []) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (!pair || at < 1) continue;
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  has(prefix: string): boolean {
    return [...this.cookies.keys()].some((name) => name.startsWith(prefix));
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export function jsonField(body: string, field: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[field] : undefined;
  } catch {
    return undefined;
  }
}

export class ApiUnavailable extends Error {}

/** Auth.js credentials sign-in: CSRF token, then the callback; returns the Cookie header of the session. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new CookieJar();
  const csrf = await request(`${base}/api/auth/csrf`);
  if (csrf.status === 404) throw new ApiUnavailable(`API not available (HTTP 404 on GET /api/auth/csrf)`);
  const csrfToken = jsonField(csrf.body, 'csrfToken');
  if (csrf.status !== 200 || typeof csrfToken !== 'string') {
    throw new ApiUnavailable(`API not available (GET /api/auth/csrf answered HTTP ${csrf.status} without a csrfToken)`);
  }
  jar.store(csrf);
  const callback = await request(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/sections` }).toString(),
  });
  if (callback.status === 404) throw new ApiUnavailable('API not available (HTTP 404 on POST /api/auth/callback/credentials)');
  jar.store(callback);
  if (!jar.has('authjs.session-token')) {
    throw new Error(`sign-in of ${email} set no session cookie (HTTP ${callback.status} ${callback.headers.location ?? ''})`);
  }
  return jar.header();
}
