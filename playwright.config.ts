import crypto from 'node:crypto';
import fs from 'node:fs';
import { chromium, defineConfig, devices } from '@playwright/test';
import { E2E_MAIL_DIR, E2E_SMTP_PORT } from './e2e/mail';

const CI = Boolean(process.env.CI);
/** Two app servers against one database: docs/decisions/0004 must hold whatever the number of app servers. */
export const APP_PORTS = [Number(process.env.E2E_PORT_A ?? 3101), Number(process.env.E2E_PORT_B ?? 3102)] as const;
/**
 * E2E_TOPOLOGY=stack: the production topology instead (npm run stack: HAProxy on E2E_STACK_PORT → two
 * app servers → PgBouncer → the e2e database), so the races also run through a balancer and a pooler.
 */
const throughStack = process.env.E2E_TOPOLOGY === 'stack';
const STACK_PORT = Number(process.env.E2E_STACK_PORT ?? 3103);
/** Where the tests send requests: each app server, or the one balancer, or E2E_BASE_URL alone. */
export const APP_BASE_URLS = process.env.E2E_BASE_URL
  ? [process.env.E2E_BASE_URL]
  : throughStack
    ? [`http://127.0.0.1:${STACK_PORT}`]
    : APP_PORTS.map((port) => `http://127.0.0.1:${port}`);
const baseURL = APP_BASE_URLS[0];
const external = Boolean(process.env.E2E_BASE_URL);

// Playwright's own browser where one is installed; Debian's chromium otherwise (no browser downloads here).
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (hasPlaywrightBrowser() ? undefined : systemChromium);

function hasPlaywrightBrowser(): boolean {
  try {
    return fs.existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

// One secret shared by both app servers, so a session made on one is valid on the other.
process.env.E2E_AUTH_SECRET ??= crypto.randomBytes(32).toString('base64url');

/**
 * The races test who gets a seat, not the deadlines (npm run test:faults does): a CI machine whose two cores
 * also run the browsers must not turn a slow moment into a 503, so the app servers may wait longer for a
 * pooled connection here than in production (lib/env.ts: 2 s).
 */
const RACE_DEADLINES = { DB_ACQUIRE_TIMEOUT_MS: '10000' };

const appServer = (port: number) => ({
  name: `app:${port}`,
  // E2E_DATABASE_URL comes from the database server's output (see `wait` below), which starts first.
  // keepAliveTimeout above Node's 5 s default: a client reusing an idle socket must not meet a server closing it.
  command: `DATABASE_URL="$E2E_DATABASE_URL" node .next/server-main.mjs -p ${port} -H 127.0.0.1 --keepAliveTimeout 65000`,
  url: `http://127.0.0.1:${port}/api/health`,
  env: {
    AUTH_SECRET: process.env.E2E_AUTH_SECRET!,
    AUTH_TRUST_HOST: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
    // e2e/database.ts runs the mail sink: the delivery worker mails it, /dev/mail shows it (docs/decisions/0026).
    SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
    DEV_MAIL_DIR: E2E_MAIL_DIR,
    APP_URL: `http://127.0.0.1:${port}`,
    ...RACE_DEADLINES,
  },
  timeout: 120_000,
  reuseExistingServer: false,
  gracefulShutdown: { signal: 'SIGINT' as const, timeout: 10_000 },
});

const stack = {
  name: 'stack',
  command: `DATABASE_URL="$E2E_DATABASE_URL" node_modules/.bin/tsx --conditions=react-server scripts/stack.ts --servers 2 --port ${STACK_PORT}`,
  // The script prints this once HAProxy sees both app servers up.
  wait: { stdout: /Curriculab is up at/ },
  stdout: 'pipe' as const,
  env: { AUTH_SECRET: process.env.E2E_AUTH_SECRET!, NEXT_TELEMETRY_DISABLED: '1', ...RACE_DEADLINES },
  timeout: 180_000,
  reuseExistingServer: false,
  gracefulShutdown: { signal: 'SIGINT' as const, timeout: 20_000 },
};

export default defineConfig({
  testDir: 'e2e',
  // Ten tabs hydrating at once on two shared cores can wait 20 s for a static chunk (seen in traces): the limits
  // leave room for that, since the races assert outcomes, not speed (speed is the bench's job).
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: true,
  forbidOnly: CI,
  retries: 0,
  // Three on two cores: with two, the machine was half idle (330 s of CPU in 355 s), each worker waiting on pages,
  // timers and the database; a third fills that (issue 28.21).
  workers: 3,
  reporter: CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    actionTimeout: 30_000,
    navigationTimeout: 90_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath, args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'] },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: external
    ? undefined
    : [
        {
          name: 'database',
          command: 'node_modules/.bin/tsx --conditions=react-server e2e/database.ts',
          wait: { stdout: /E2E_DATABASE_URL=(?<e2e_database_url>\S+)/ },
          timeout: 120_000,
          gracefulShutdown: { signal: 'SIGINT', timeout: 15_000 },
        },
        ...(throughStack ? [stack] : APP_PORTS.map(appServer)),
      ],
});
