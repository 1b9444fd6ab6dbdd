/**
 * Issue 27 over HTTP against the two production servers (and 28.16-17): the sign-in throttle under a real burst,
 * client input that used to be a 500, the Origin's scheme, request deadlines, and 413s that arrive.
 * The balancer's side (AUTH_URL, the trusted header, the stats page, HAProxy's deadlines) runs with E2E_TOPOLOGY=stack.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { request as playwrightRequest } from '@playwright/test';
import { sql } from 'drizzle-orm';
import { APP_URLS, expect, test } from './fixtures';

const A = APP_URLS[0]!;
const B = APP_URLS.at(-1)!;
const throughStack = process.env.E2E_TOPOLOGY === 'stack';
/** lib/domain/accounts.ts ACCOUNT_LIMIT (a server-only module, not importable here). */
const ACCOUNT_LIMIT = 10;

/** Raw HTTP/1.1 requests on their own sockets: each written whole except its last byte, then those all at once. */
async function releasedTogether(requests: { url: string; text: string }[]): Promise<string[]> {
  const sockets = await Promise.all(
    requests.map(
      ({ url }) =>
        new Promise<net.Socket>((resolve, reject) => {
          const { hostname, port } = new URL(url);
          const socket = net.connect(Number(port), hostname, () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  const answers = sockets.map(
    (socket) =>
      new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (chunk) => {
          text += chunk.toString();
          if (/\r\n\r\n/.test(text)) socket.destroy();
        });
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
      }),
  );
  // Every request but its last byte is on the wire (the servers are waiting for it) before any is complete.
  await Promise.all(sockets.map((s, i) => new Promise<void>((done) => s.write(requests[i]!.text.slice(0, -1), () => done()))));
  for (const [i, s] of sockets.entries()) s.write(requests[i]!.text.slice(-1));
  return Promise.all(answers);
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

test('60 wrong passwords for one account at once over both servers: exactly the account limit are checked', async ({
  makeUser,
  db,
}) => {
  test.skip(throughStack, 'the burst goes to each app server directly');
  const student = await makeUser('student');
  const context = await playwrightRequest.newContext();
  const { csrfToken } = (await (await context.get(`${A}/api/auth/csrf`)).json()) as { csrfToken: string };
  const cookie = (await context.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  await context.dispose();
  const form = (password: string) => new URLSearchParams({ csrfToken, email: student.email, password }).toString();
  const requests = Array.from({ length: 60 }, (_, i) => {
    const url = i % 2 ? B : A;
    const body = form(`wrong-${i}`);
    const text =
      `POST /api/auth/callback/credentials HTTP/1.1\r\nHost: ${new URL(url).host}\r\nCookie: ${cookie}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    return { url, text };
  });
  const statuses = (await releasedTogether(requests)).map(statusOf);
  const count = (status: number) => statuses.filter((s) => s === status).length;
  // 302: Auth.js's answer to a checked wrong password; 429: refused before the hash.
  expect({ checked: count(302), refused: count(429), other: statuses.length - count(302) - count(429) }).toEqual({
    checked: ACCOUNT_LIMIT,
    refused: 60 - ACCOUNT_LIMIT,
    other: 0,
  });
  const [row] = await db.execute<{ failures: number }>(
    sql`SELECT failures FROM sign_in_failures WHERE scope = 'account' AND key = ${student.email}`,
  );
  expect(row?.failures).toBe(ACCOUNT_LIMIT);
});

test('client input that was a 500 is a 400 with the security headers', async ({ request }) => {
  const paths = [
    ['POST', '/api/sections/%C0%80/enrollments'],
    ['DELETE', '/api/sections/%/enrollments'],
    ['GET', '/api/sections/%'],
    ['GET', '/api/sections/%/roster.csv'],
    ['GET', '/api/sections/%C0%80'],
  ] as const;
  for (const server of APP_URLS) {
    for (const [method, path] of paths) {
      const response = await request.fetch(`${server}${path}`, { method });
      expect(response.status(), `${method} ${path}`).toBe(400);
      expect(response.headers()['x-content-type-options'], path).toBe('nosniff');
      expect(response.headers()['x-frame-options'], path).toBe('DENY');
      expect(await response.json(), path).toMatchObject({ error: 'invalid_input' });
    }
  }
});

test('a server action from a foreign origin to an API path is 403; an https Origin on plain http is foreign', async ({
  request,
  makeUser,
  makeSection,
  apiAs,
}) => {
  const action = await request.post(`${A}/api/nothing`, {
    headers: { 'Next-Action': 'abc', Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
    data: '[]',
  });
  expect(action.status()).toBe(403);
  const section = await makeSection({ capacity: 5 });
  const api = await apiAs(await makeUser('student'), A);
  const tls = `https://${new URL(A).host}`;
  const enroll = await api.post(`${A}/api/sections/${section.id}/enrollments`, { headers: { Origin: tls } });
  expect(enroll.status()).toBe(403);
  expect(await enroll.json()).toMatchObject({ error: 'cross_site_request' });
  expect((await api.post(`${A}/api/sections/${section.id}/enrollments`, { headers: { Origin: A } })).status()).toBe(201);
});

test("Next's redirects carry the security headers", async ({ request }) => {
  const response = await request.get(`${A}/login/`, { maxRedirects: 0 });
  expect(response.status()).toBe(308);
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
  expect(response.headers()['x-frame-options']).toBe('DENY');
});

/** A request whose body comes one byte a second: how long until the server answers, and with what. */
function slowBody(url: string, path: string) {
  return new Promise<{ status: number; ms: number }>((resolve) => {
    const { hostname, port } = new URL(url);
    const started = Date.now();
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`,
      );
    });
    const drip = setInterval(() => socket.write('a'), 1000);
    let text = '';
    const done = () => {
      clearInterval(drip);
      resolve({ status: statusOf(text.slice(text.lastIndexOf('HTTP/1.1'))), ms: Date.now() - started });
    };
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', done);
    socket.on('error', () => socket.destroy());
  });
}

test('a body sent a byte a second is cut off after the 10 s request deadline, not minutes', async () => {
  test.setTimeout(60_000);
  const [catalog, enroll] = await Promise.all([slowBody(A, '/api/sections?q=x'), slowBody(A, '/api/sections/1/enrollments')]);
  // Through Next.js the request waits for its body: 408 at the deadline.
  expect(catalog.status).toBe(408);
  // The direct route answers the signed-out request at once (401), and the connection still ends at the deadline
  // rather than hold on for the rest of the body (through the balancer, which buffers the body first: 408).
  expect([401, 408]).toContain(enroll.status);
  for (const answer of [catalog, enroll]) {
    expect(answer.ms).toBeGreaterThan(9_000);
    expect(answer.ms).toBeLessThan(13_000);
  }
});

function chunkedPost(url: string, headers: Record<string, string>, totalBytes: number) {
  return new Promise<{ status: number; error?: string }>((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const request = http.request(url, { method: 'POST', headers }, (response) => {
      resolve({ status: response.statusCode ?? 0 });
      response.resume();
      request.destroy();
    });
    request.on('error', (error) => resolve({ status: 0, error: error.message }));
    const pump = () => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      request.end();
    };
    pump();
  });
}

test('40 clients sending 4 MiB chunked bodies at once: every one gets its 413, none a reset', async ({ makeUser, apiAs }) => {
  const api = await apiAs(await makeUser('student'), A);
  const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const answers = await Promise.all(
    Array.from({ length: 40 }, () =>
      chunkedPost(`${A}/api/sections/1/enrollments`, { 'Content-Type': 'application/json', Cookie: cookie }, 4 * 1024 * 1024),
    ),
  );
  expect(answers.filter((a) => a.status !== 413)).toEqual([]);
});

test('an oversized chunked form post (a server action) is 413', async () => {
  // The sign-in form's action, as `next build` named it: Next.js reads the body only for an action it knows.
  const manifest = JSON.parse(fs.readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { exportedName?: string }>;
  };
  const signIn = Object.entries(manifest.node).find(([, action]) => action.exportedName === 'signInAction')![0];
  const headers = { 'Content-Type': 'text/plain;charset=UTF-8', 'Next-Action': signIn };
  for (const size of [40 * 1024, 4 * 1024 * 1024]) {
    expect((await chunkedPost(`${A}/login`, headers, size)).status, `${size} bytes`).toBe(413);
  }
});

test.describe('through the balancer (E2E_TOPOLOGY=stack)', () => {
  test.skip(!throughStack, 'the stack sets AUTH_URL to the balancer’s URL');
  const balancerPort = new URL(A).port;

  test("Auth.js's URLs name the balancer, never an app server's port: providers, the sign-in redirect, its cookie", async () => {
    const context = await playwrightRequest.newContext();
    const providers = (await (await context.get(`${A}/api/auth/providers`)).json()) as Record<string, { signinUrl: string }>;
    expect(new URL(providers.credentials!.signinUrl).port).toBe(balancerPort);
    const { csrfToken } = (await (await context.get(`${A}/api/auth/csrf`)).json()) as { csrfToken: string };
    const failed = await context.post(`${A}/api/auth/callback/credentials`, {
      form: { csrfToken, email: `nobody-${Date.now()}@curriculab.test`, password: 'wrong' },
      maxRedirects: 0,
    });
    expect(failed.status()).toBe(302);
    expect(new URL(failed.headers()['location']!).port).toBe(balancerPort);
    const callback = (await context.storageState()).cookies.find((c) => c.name === 'authjs.callback-url');
    expect(new URL(decodeURIComponent(callback!.value)).port).toBe(balancerPort);
    await context.dispose();
  });

  test("HAProxy's own answers carry the security headers: a body too slow for its deadline", async () => {
    const { hostname, port } = new URL(A);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = net.connect(Number(port), hostname, () =>
        socket.write('POST /api/sections/1/enrollments HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{'),
      );
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(statusOf(answer)).toBe(408);
    expect(answer).toMatch(/^x-content-type-options: nosniff\r$/im);
    expect(answer).toMatch(/^x-frame-options: DENY\r$/im);
  });
});
