/**
 * Issue 13, items 2, 3, 6, 7 and 8 over HTTP against the production server: cross-site requests, body limits, security
 * headers and the CSP in a real browser, bad text in every input, and a short AUTH_SECRET.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { and, eq } from 'drizzle-orm';
import { enrollments } from '../db/schema';
import { APP_PORTS } from '../playwright.config';
import { productionServer } from '../server/command';
import { APP_URLS, expect, test } from './fixtures';

const A = APP_URLS[0]!;
const EVIL = 'https://evil.example';

test.describe('cross-site requests to the JSON API', () => {
  test('a foreign Origin or Sec-Fetch-Site, or a body that is not JSON, enrolls no one; a script or the site itself does', async ({
    apiStudent,
    db,
  }) => {
    const { student, section, api } = await apiStudent({ capacity: 5 }, A);
    const url = `${A}/api/sections/${section.id}/enrollments`;
    const attempts: { headers: Record<string, string>; data?: string; expected: number }[] = [
      { headers: { Origin: EVIL, 'Content-Type': 'text/plain' }, data: '{}', expected: 403 },
      { headers: { Origin: EVIL }, expected: 403 },
      { headers: { Origin: 'null' }, expected: 403 },
      { headers: { Origin: 'http://sibling.127.0.0.1' }, expected: 403 },
      { headers: { 'Sec-Fetch-Site': 'same-site' }, expected: 403 },
      { headers: { 'Sec-Fetch-Site': 'cross-site', Origin: A }, expected: 403 },
      { headers: { Origin: A, 'Content-Type': 'text/plain' }, data: '{}', expected: 415 },
      { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, data: 'a=1', expected: 415 },
    ];
    for (const { headers, data, expected } of attempts) {
      const response = await api.post(url, { headers, data });
      expect(response.status(), JSON.stringify(headers)).toBe(expected);
      const body = (await response.json()) as { error: string };
      expect(body.error).toBe(expected === 403 ? 'cross_site_request' : 'unsupported_media_type');
    }
    expect((await api.delete(url, { headers: { Origin: EVIL } })).status()).toBe(403);
    const held = await db
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.studentId, student.id), eq(enrollments.sectionId, section.id)));
    expect(held).toEqual([]);

    // A script (no Origin, no Sec-Fetch-Site) and the site's own page both still enroll and drop.
    expect((await api.post(url)).status()).toBe(201);
    expect((await api.delete(url, { headers: { Origin: A, 'Sec-Fetch-Site': 'same-origin' } })).status()).toBe(200);
    const json = { Origin: A, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' };
    expect((await api.post(url, { headers: json, data: '{}' })).status()).toBe(201);
  });

  test("the page's Enroll sent from a foreign origin is refused, and the same click from the site works", async ({
    page,
    db,
    makeUser,
    makeSection,
    signIn,
  }) => {
    const student = await makeUser('student');
    const section = await makeSection({ capacity: 5 });
    await signIn(page, student);
    await page.goto(`/sections/${section.id}`);
    let answered = 0;
    // With JavaScript the click goes to the API's enroll route (docs/decisions/0027); without, to the page's action.
    const enrollPaths = [`/sections/${section.id}`, `/api/sections/${section.id}/enrollments`];
    await page.route(
      (url) => enrollPaths.includes(url.pathname),
      async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const response = await route.fetch({ headers: { ...route.request().headers(), origin: EVIL } });
        answered = response.status();
        await route.fulfill({ response });
      },
    );
    await page.getByRole('button', { name: 'Enroll' }).click();
    await expect.poll(() => answered).toBe(403);
    const seats = () =>
      db
        .select()
        .from(enrollments)
        .where(and(eq(enrollments.studentId, student.id), eq(enrollments.sectionId, section.id)));
    expect(await seats()).toEqual([]);
    await page.unrouteAll();
    await page.reload();
    await page.getByRole('button', { name: 'Enroll' }).click();
    await expect(page.getByRole('status')).toHaveText('You are enrolled in this section.');
    expect(await seats()).toHaveLength(1);
  });
});

/** A POST whose body is sent in chunks, without a length, for as long as the server lets it. */
function chunkedPost(url: string, headers: Record<string, string>, totalBytes: number) {
  return new Promise<{ status: number; sentWhenAnswered: number; ms: number }>((resolve, reject) => {
    const started = Date.now();
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const request = http.request(url, { method: 'POST', headers }, (response) => {
      resolve({ status: response.statusCode ?? 0, sentWhenAnswered: sent, ms: Date.now() - started });
      response.resume();
      request.destroy();
    });
    request.on('error', (error) => (sent >= totalBytes ? undefined : reject(error)));
    // Paced (64 KiB every 20 ms, 4 MiB in about 1.3 s): a server that drains a refused body (a lingering close)
    // never pushes back, so only pacing shows whether it answered before the body was all sent.
    let finished = false;
    const pump = () => {
      if (finished) return;
      if (sent >= totalBytes) return void request.end();
      sent += chunk.length;
      if (!request.write(chunk)) return void request.once('drain', () => setTimeout(pump, 20));
      setTimeout(pump, 20);
    };
    request.on('close', () => (finished = true));
    pump();
  });
}

test.describe('request bodies are capped', () => {
  const BIG = 4 * 1024 * 1024;

  test('a large body with a length is refused with 413 at once: the API, Auth.js, a server action', async ({ apiStudent }) => {
    const { section, api } = await apiStudent({ capacity: 5 }, A);
    const body = '{"x":"' + 'a'.repeat(2 * 1024 * 1024) + '"}';
    const targets = [
      [`/api/sections/${section.id}/enrollments`, { 'Content-Type': 'application/json' }],
      ['/api/auth/callback/credentials', { 'Content-Type': 'application/x-www-form-urlencoded' }],
      ['/login', { 'Content-Type': 'text/plain;charset=UTF-8', 'Next-Action': 'any' }],
    ] as const;
    for (const [path, headers] of targets) {
      const started = Date.now();
      const response = await api.post(`${A}${path}`, { headers, data: body, maxRedirects: 0 });
      expect(response.status(), path).toBe(413);
      expect(Date.now() - started, path).toBeLessThan(5_000);
    }
  });

  test('a chunked body is read only up to the limit: 413 long before it is all sent', async ({ makeUser, apiAs }) => {
    const student = await makeUser('student');
    const api = await apiAs(student, A);
    const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    for (const [path, type] of [
      ['/api/sections/1/enrollments', 'application/json'],
      ['/api/auth/callback/credentials', 'application/x-www-form-urlencoded'],
    ]) {
      const answer = await chunkedPost(`${A}${path}`, { 'Content-Type': type!, Cookie: cookie }, BIG);
      expect(answer.status, path).toBe(413);
      expect(answer.sentWhenAnswered, path).toBeLessThan(BIG);
      expect(answer.ms, path).toBeLessThan(5_000);
    }
  });
});

test.describe('security headers', () => {
  test('every response says nosniff, same-origin referrers, no framing; pages carry a nonce CSP', async ({ request }) => {
    for (const path of ['/login', '/api/health', '/api/auth/csrf']) {
      const headers = (await request.get(path)).headers();
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('same-origin');
      expect(headers['permissions-policy'], path).toContain('camera=()');
      expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    }
    const page = (await request.get('/login')).headers()['content-security-policy']!;
    expect(page).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(page).not.toContain('unsafe-inline');
    const again = (await request.get('/login')).headers()['content-security-policy']!;
    expect(again).not.toBe(page);
  });

  test('the main pages run under the CSP with no violation in the browser', async ({ page, makeUser, makeSection, signIn }) => {
    test.setTimeout(120_000);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { reportViolation: (t: string) => void }).reportViolation(
          `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${location.pathname}`,
        );
      });
    });
    const instructor = await makeUser('instructor');
    const section = await makeSection({ capacity: 5, taken: 4, instructorId: instructor.id });
    const visits = {
      student: ['/sections', `/sections/${section.id}`, '/schedule'],
      instructor: ['/instructor', `/sections/${section.id}/roster`],
      registrar: ['/registrar', '/registrar/sections/new', `/registrar/sections/${section.id}`],
    } as const;
    for (const [role, paths] of Object.entries(visits)) {
      await page.context().clearCookies();
      await page.goto('/login');
      await signIn(page, role === 'instructor' ? instructor : await makeUser(role as 'student' | 'registrar'));
      for (const path of paths) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      }
      if (role === 'student') {
        await page.goto(`/sections/${section.id}`);
        await page.getByRole('button', { name: 'Enroll' }).click();
        await expect(page.getByRole('region', { name: 'Your enrollment' }).getByRole('status')).toHaveText(
          'You are enrolled in this section.',
        );
      }
    }
    expect(violations).toEqual([]);
  });
});

test.describe('bad text in any input', () => {
  const NASTY = ['%00', 'a%00b', '%C0%80', '%FF', '%EF%BF%BF', '%F0%9F%92%A5'.repeat(50), "'", '%25'];

  test('pages, ids, search, term and sort answer 4xx or a page, never 500', async ({ page, makeUser, makeSection, signIn }) => {
    test.setTimeout(180_000);
    const instructor = await makeUser('instructor');
    const section = await makeSection({ capacity: 5, instructorId: instructor.id });
    const paths = (bad: string) => ({
      student: [
        `/sections?q=${bad}`,
        `/sections?term=${bad}`,
        `/sections?page=${bad}&open=${bad}`,
        `/sections/${bad}`,
        `/sections/1${bad}`,
      ],
      instructor: [`/instructor?term=${bad}`, `/sections/${section.id}/roster?sort=${bad}`],
      registrar: [
        `/registrar?term=${bad}`,
        `/registrar/sections/new?term=${bad}`,
        `/registrar/sections/${bad}`,
        `/login?callbackUrl=${bad}`,
      ],
    });
    for (const role of ['student', 'instructor', 'registrar'] as const) {
      await page.context().clearCookies();
      await signIn(page, role === 'instructor' ? instructor : await makeUser(role));
      for (const bad of NASTY) {
        for (const path of paths(bad)[role]) {
          const response = await page.request.get(path, { maxRedirects: 0 });
          expect(response.status(), path).toBeLessThan(500);
        }
      }
    }
  });

  test('API ids and JSON bodies, and the sign-in form fields, answer 4xx, never 500', async ({ apiStudent }) => {
    const { section, api } = await apiStudent({ capacity: 5 }, A);
    // Not '%C0%80' or '%FF' in an API path: Next 16.4 answers a path it cannot decode with 500 before any handler
    // runs (it means 400); pages are covered by proxy.ts, which the API does not pass through (README "Security").
    for (const bad of NASTY.filter((b) => !['%C0%80', '%FF'].includes(b))) {
      for (const path of [`/api/sections/${bad}`, `/api/sections/1${bad}/enrollments`, `/api/sections/${bad}/roster.csv`]) {
        expect((await api.get(`${A}${path}`)).status(), path).toBeLessThan(500);
        expect((await api.post(`${A}${path}`)).status(), path).toBeLessThan(500);
      }
    }
    for (const body of ['{"note":"\\u0000"}', '{"\\u0000":1}', '"\\u0000"', '{"a":"\\ud800"}', '{', '[]', 'null']) {
      const response = await api.post(`${A}/api/sections/${section.id}/enrollments`, {
        headers: { 'Content-Type': 'application/json' },
        data: body,
      });
      expect(response.status(), body).toBeLessThan(500);
      if (body.includes('u0000')) expect(response.status(), body).toBe(400);
      if (response.status() === 201) await api.delete(`${A}/api/sections/${section.id}/enrollments`);
    }
    const { csrfToken } = (await (await api.get(`${A}/api/auth/csrf`)).json()) as { csrfToken: string };
    for (const value of ['\u0000', 'a\u0000@b.test', '\ud800']) {
      for (const field of ['email', 'password', 'callbackUrl']) {
        const form = { csrfToken, email: 'a@b.test', password: 'x', [field]: value };
        const response = await api.post(`${A}/api/auth/callback/credentials`, { form, maxRedirects: 0 });
        expect(response.status(), `${field}=${JSON.stringify(value)}`).toBeLessThan(500);
      }
    }
  });
});

test('the production server refuses an AUTH_SECRET shorter than 32 bytes', async () => {
  const server = productionServer(['-p', String(APP_PORTS[1] + 7), '-H', '127.0.0.1']);
  const child = spawn(server.command, server.args, {
    cwd: server.cwd,
    env: {
      ...process.env,
      AUTH_SECRET: 'too-short-a-secret',
      NODE_ENV: 'production',
      DATABASE_URL: process.env.E2E_DATABASE_URL,
    },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), resolve(null)), 30_000);
    child.on('exit', (c) => (clearTimeout(timer), resolve(c)));
  });
  expect(output).toContain('AUTH_SECRET must be at least 32 bytes');
  expect(code).toBe(1);
});
