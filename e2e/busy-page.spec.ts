/**
 * Under load or in an outage, the session lookup (one users-row read) can fail: a student then sees the app's own
 * busy page with the header and a retry, and the API answers 503 unavailable, never Next.js's bare error page
 * (issue 28.2). An app server whose database refuses connections stands in for one whose lookups time out: both
 * are 'unavailable' to db/errors.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { APP_PORTS } from '../playwright.config';
import { productionServer } from '../server/command';
import { expect, test } from './fixtures';

// Beside the app servers' ports (security-requests.spec.ts takes + 7).
const PORT = APP_PORTS[1] + 6;
const OFFLINE = `http://127.0.0.1:${PORT}`;
let server: ChildProcess | undefined;

// One worker runs both tests, so one server on PORT.
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const command = productionServer(['-p', String(PORT), '-H', '127.0.0.1']);
  server = spawn(command.command, command.args, {
    cwd: command.cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      // Port 1 on the loopback: nothing listens, every connection is refused at once.
      DATABASE_URL: 'postgres://curriculab@127.0.0.1:1/curriculab',
      AUTH_SECRET: process.env.E2E_AUTH_SECRET,
      AUTH_TRUST_HOST: 'true',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`${OFFLINE}/login`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app server without a database did not start on ${OFFLINE}`);
});

test.afterAll(() => {
  server?.kill('SIGTERM');
});

test('a signed-in page whose session cannot be looked up is the busy page, with the header and a retry', async ({
  page,
  makeUser,
  signIn,
}) => {
  // Signed in where the database answers; the session cookie is for 127.0.0.1 whatever the port.
  await signIn(page, await makeUser('student'));
  const response = await page.goto(`${OFFLINE}/schedule`);
  expect(response?.status()).toBeLessThan(500);
  await expect(page.getByRole('heading', { name: 'Registration is busy — try again in a few seconds' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Curriculab' })).toBeVisible();
  await expect(page.getByText("This page couldn't load")).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('busy-page.png'), fullPage: true });
  // The retry asks the server again (and gets the same answer while the database is away).
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Registration is busy — try again in a few seconds' })).toBeVisible();
});

test('the API answers 503 unavailable', async ({ makeUser, apiAs }) => {
  const api = await apiAs(await makeUser('student'));
  for (const [method, path] of [
    ['GET', '/api/sections/1'],
    ['POST', '/api/sections/1/enrollments'],
    ['GET', '/api/live/seats?sections=1'],
  ] as const) {
    const answer = await api.fetch(`${OFFLINE}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Origin: OFFLINE },
      data: method === 'POST' ? '{}' : undefined,
    });
    expect(answer.status(), `${method} ${path}`).toBe(503);
    expect(((await answer.json()) as { error: string }).error).toBe('unavailable');
  }
});
