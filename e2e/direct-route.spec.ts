/**
 * The production server answers Enroll and Drop through their route handlers directly, without Next.js's router
 * (server/main.ts, docs/decisions/0016). These check that it really does, that the answers and headers are those of
 * the rest of the API, and that HTTP keep-alive survives a body the handler refused without reading.
 */
import http from 'node:http';
import { APP_URLS, expect, test } from './fixtures';

const A = APP_URLS[0]!;

// Against E2E_BASE_URL (someone else's deployment) the server may be plain `next start` or sit behind a proxy that
// rewrites headers: what these tests observe (the router's Vary header, keep-alive on the app's own socket) is only
// defined for the servers this suite starts itself.
test.skip(!!process.env.E2E_BASE_URL, 'checks the servers this suite starts');

/** Next.js marks what its router answered with this Vary header; the direct route has no router. */
const NEXT_ROUTER_VARY = /next-router-state-tree/;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  reusedSocket: boolean;
}

function send(agent: http.Agent, url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text, reusedSocket: request.reusedSocket }),
      );
    });
    request.setTimeout(15_000, () => request.destroy(new Error(`no answer in 15 s: ${method} ${url}`)));
    request.on('error', reject);
    request.end(body);
  });
}

test('Enroll and Drop skip the router, with the API answers and security headers; other methods and paths do not', async ({
  apiStudent,
}) => {
  const { section, api } = await apiStudent({ capacity: 1 }, A);
  const url = `${A}/api/sections/${section.id}/enrollments`;

  const answers = [
    await api.post(url),
    await api.post(url),
    await api.delete(url),
    await api.post(`${A}/api/sections/x/enrollments`),
  ];
  expect(answers.map((a) => a.status())).toEqual([201, 409, 200, 400]);
  expect(((await answers[1]!.json()) as { error: string }).error).toBe('already_enrolled');
  for (const answer of answers) {
    const headers = answer.headers();
    expect(headers['vary'] ?? '', answer.url()).not.toMatch(NEXT_ROUTER_VARY);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(headers['content-type']).toMatch(/^application\/json/);
  }

  // Next.js still answers everything else on the same path: another method, a trailing slash, the section itself.
  const put = await api.put(url);
  expect(put.status()).toBe(405);
  expect(put.headers()['vary']).toMatch(NEXT_ROUTER_VARY);
  expect((await api.post(`${url}/`, { maxRedirects: 0 })).status()).toBe(308);
  expect((await api.get(`${A}/api/sections/${section.id}`)).headers()['vary']).toMatch(NEXT_ROUTER_VARY);
});

test('keep-alive survives the direct route: a body read to the end keeps the socket, one refused unread closes it', async ({
  makeUser,
  makeSection,
  apiAs,
}) => {
  const student = await makeUser('student');
  const [first, second] = [await makeSection({ capacity: 5 }), await makeSection({ capacity: 5 })];
  const api = await apiAs(student, A);
  const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const enroll = (id: number) => `${A}/api/sections/${id}/enrollments`;
  const json = { cookie, 'content-type': 'application/json' };
  try {
    // A body read whole (the handler's 400 names the field): the same socket serves the next request.
    const invalid = await send(agent, enroll(first.id), 'POST', json, '{"swapFrom":"abc"}');
    expect(invalid.status).toBe(400);
    expect(invalid.headers.connection).toBe('keep-alive');
    const enrolled = await send(agent, enroll(first.id), 'POST', { cookie });
    expect([enrolled.status, enrolled.reusedSocket]).toEqual([201, true]);

    // A declared 1 MB body is refused before it is read (413): that socket closes instead of parsing the rest of
    // the body as the next request, and the next request gets its answer on a new one.
    const big = `{"swapFrom":${' '.repeat(1024 * 1024)}1}`;
    const refused = await send(agent, enroll(second.id), 'POST', json, big);
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).toBe('close');
    const next = await send(agent, enroll(second.id), 'POST', { cookie });
    expect([next.status, next.reusedSocket]).toEqual([201, false]);
  } finally {
    agent.destroy();
  }
});
