/** The fault tests' HTTP client: real sign-in through the balancer, then enroll requests with a deadline each. */
const CLIENT_TIMEOUT_MS = 15_000;

export interface Answer {
  studentIndex: number;
  sectionId: number;
  /** 0 when the request died on the wire (reset, refused, timeout). */
  status: number;
  error?: string;
  ms: number;
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

/** Auth.js's credentials sign-in (GET csrf, POST callback); returns the Cookie header of the session. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, email, password }),
  });
  const session = cookiesOf(response).find((c) => c.startsWith('authjs.session-token='));
  if (response.status !== 302 || !session) throw new Error(`sign-in of ${email} failed: HTTP ${response.status}`);
  return session;
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function inBatches<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function enrollRequest(baseUrl: string, cookie: string, studentIndex: number, sectionId: number): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}/api/sections/${sectionId}/enrollments`, {
      method: 'POST',
      headers: { cookie },
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const text = await response.text();
    let error: string | undefined;
    try {
      error = (JSON.parse(text) as { error?: string }).error;
    } catch {
      error = response.status >= 500 ? 'not_json' : undefined; // HAProxy's own 502/503 page
    }
    return { studentIndex, sectionId, status: response.status, error, ms: performance.now() - started };
  } catch (e) {
    const reason = e instanceof Error ? ((e.cause as { code?: string } | undefined)?.code ?? e.name) : 'error';
    return { studentIndex, sectionId, status: 0, error: reason, ms: performance.now() - started };
  }
}

/**
 * An answer that settles the question "does this student hold this seat?": a 201, or a refusal the database decided
 * (full, already enrolled, or a registration rule such as credit_limit: docs/decisions/0008).
 */
export const isDefinitive = (a: Answer) => a.status === 201 || ((a.status === 409 || a.status === 403) && Boolean(a.error));

export async function healthOf(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}
