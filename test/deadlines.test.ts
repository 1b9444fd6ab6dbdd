/**
 * Issue 13 item 5: a hung database must not hang requests. This file runs its own PostgreSQL (the shared test
 * cluster must not be frozen under the other files), freezes it with SIGSTOP and thaws it with SIGCONT.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase, type Deadlines } from '../db/client';
import { classifyDbError } from '../db/errors';
import { users } from '../db/schema';
import { startEmbeddedPostgres, type RunningPostgres } from '../db/tooling/embedded';
import { migrateDatabase } from '../db/tooling/migrate';
import { enroll } from '../db/queries/enrollments';
import { findEnrollmentDrift } from '../db/queries/integrity';
import { freezeTree, thawTree } from '../stack/process-tree';
import { createSection, createUsers } from '../testing/factories';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));

const DEADLINES: Deadlines = { statementTimeoutMs: 1000, idleInTransactionTimeoutMs: 5000, acquireTimeoutMs: 500 };

let pg: RunningPostgres;
let dir: string;
let owner: ReturnType<typeof createDatabase>;
let app: ReturnType<typeof createDatabase>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-deadlines-'));
  fs.chmodSync(dir, 0o755);
  pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), persistent: false, fast: true });
  await migrateDatabase(pg.url);
  owner = createDatabase(pg.url, { max: 2 });
  app = createDatabase(pg.url, { max: 2, connectTimeoutSeconds: 1, deadlines: DEADLINES });
  // The route handlers' own client (db/index.ts) reads these on first use.
  Object.assign(process.env, {
    DATABASE_URL: pg.url,
    DB_POOL_MAX: '2',
    DB_ACQUIRE_TIMEOUT_MS: '500',
    DB_STATEMENT_TIMEOUT_MS: '1000',
  });
});

afterAll(async () => {
  if (pg) thawTree(pg.pid);
  await app?.close();
  await owner?.close();
  await pg?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `work` and says how it ended and how long it took. */
async function timed<T>(work: () => Promise<T>) {
  const started = performance.now();
  try {
    return { ok: true as const, value: await work(), ms: performance.now() - started };
  } catch (error) {
    return { ok: false as const, error, ms: performance.now() - started };
  }
}

async function frozen<T>(work: () => Promise<T>): Promise<T> {
  expect(freezeTree(pg.pid)).toBeGreaterThan(1);
  try {
    return await work();
  } finally {
    thawTree(pg.pid);
  }
}

describe('deadlines on the app client', () => {
  it('a statement past statement_timeout is cancelled by the server and reads as unavailable', async () => {
    const slow = await timed(() => app.db.execute(sql`SELECT pg_sleep(5)`));
    expect(slow.ok).toBe(false);
    expect(slow.ms).toBeLessThan(2500);
    expect(classifyDbError(slow.ok ? undefined : slow.error)).toBe('unavailable');
  });

  it('an app server stalled after sending a short read is not cancelled for it (issue 28.2, docs/decisions/0029)', async () => {
    // The session lookup under a tab race: the query is on the wire, then the app server's event loop is busy for
    // longer than statement_timeout. Sent as Parse+Describe and, a round trip later, Bind+Execute, the server
    // waits for the Bind with the statement's timer running and cancels a primary-key read; sent in one flight,
    // the server has answered before the stall and the answer is read after it.
    const [student] = await createUsers(owner.db, 1);
    const options = app.client.options as unknown as { debug?: unknown };
    const before = options.debug;
    let stalled = 0;
    options.debug = (_connection: number, query: string) => {
      if (!query.includes('"users"') || stalled++) return;
      // After this query's bytes are written (postgres.js writes in the next setImmediate), not before.
      process.nextTick(() => setImmediate(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500)));
    };
    try {
      const read = await timed(() => app.db.select({ name: users.name }).from(users).where(eq(users.id, student!.id)));
      expect(stalled).toBe(1);
      expect(read.ms).toBeGreaterThan(1400);
      expect(read.ok ? read.value : read.error).toEqual([{ name: student!.name }]);
    } finally {
      options.debug = before;
    }
  });

  it('more queries than connections: the ones that cannot get a connection in time are refused unsent', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => timed(() => app.db.execute(sql`SELECT pg_sleep(0.8)`))));
    const refused = answers.filter((a) => !a.ok);
    // 2 connections × 0.8 s each: the first 2 answer, the next 2 get a connection at 0.8 s > 0.5 s: all 4 refused.
    expect(answers.filter((a) => a.ok)).toHaveLength(2);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect(r.ms).toBeLessThan(1000);
      expect(classifyDbError(r.ok ? undefined : r.error)).toBe('unavailable');
    }
  });

  it('a frozen server: enrollments fail as unavailable within the deadlines, nothing is half-written after the thaw', async () => {
    const students = await createUsers(owner.db, 8);
    const section = await createSection(owner.db, { capacity: 4 });
    await app.db.execute(sql`SELECT 1`); // warm connections, so the freeze meets open sockets as well as new ones

    const answers = await frozen(() => Promise.all(students.map((s) => timed(() => enroll(s.id, section.id, app.db)))));
    for (const a of answers) {
      // Queries throw what is not a business refusal; the request pipeline makes it 503 (docs/decisions/0007).
      expect(a.ok ? a.value : classifyDbError(a.error)).toBe('unavailable');
      // acquire 0.5 s, or statement 1 s + 1 s grace for a query already on the wire
      expect(a.ms).toBeLessThan(3000);
    }

    // Thawed: the same client recovers by itself (its broken connections are replaced).
    const until = Date.now() + 10_000;
    let recovered = false;
    while (!recovered && Date.now() < until) {
      recovered = (await timed(() => app.db.execute(sql`SELECT 1`))).ok;
    }
    expect(recovered).toBe(true);
    expect(await findEnrollmentDrift(owner.db)).toEqual([]);
    // A statement that reached the server before the freeze may have committed after it: then it holds a seat,
    // within capacity, and its student's retry hears "already enrolled".
    const retries = await Promise.all(students.map((s) => enroll(s.id, section.id, app.db)));
    const reasons = retries.map((r) => (r.ok ? 'enrolled' : r.reason));
    expect(reasons.filter((r) => r === 'enrolled' || r === 'already_enrolled')).toHaveLength(4);
    expect(reasons.filter((r) => r === 'section_full')).toHaveLength(4);
  });

  it('a write that reaches a read-only server (a demoted primary mid-failover, 0021) reads as unavailable', async () => {
    const refused: unknown = await owner.client
      .begin('read only', (tx) => tx`UPDATE sections SET capacity = capacity WHERE false`)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toMatchObject({ code: '25006' });
    expect(classifyDbError(refused)).toBe('unavailable');
  });

  it('GET /api/health answers 503 within 1 s while the database is frozen, 200 after', async () => {
    const { GET } = await import('../app/api/health/route');
    expect((await GET()).status).toBe(200);
    const during = await frozen(() => timed(() => GET()));
    expect(during.ok && during.value.status).toBe(503);
    expect(during.ms).toBeLessThan(1000);
    const until = Date.now() + 10_000;
    let status = 0;
    while (status !== 200 && Date.now() < until) status = (await GET()).status;
    expect(status).toBe(200);
  });

  it('the enroll API answers 503 unavailable quickly while the database is frozen', async () => {
    const { signInAs } = await import('./session');
    const route = await import('../app/api/sections/[id]/enrollments/route');
    const [student] = await createUsers(owner.db, 1);
    const section = await createSection(owner.db, { capacity: 2 });
    signInAs(student!);
    const post = () =>
      route.POST(new Request(`http://test.local/api/sections/${section.id}/enrollments`, { method: 'POST' }), {
        params: Promise.resolve({ id: String(section.id) }),
      });
    const during = await frozen(() => timed(post));
    expect(during.ok && during.value.status).toBe(503);
    expect(during.ok && (await during.value.json())).toMatchObject({ error: 'unavailable' });
    expect(during.ms).toBeLessThan(3500);
    expect(await findEnrollmentDrift(owner.db)).toEqual([]);
  });
});
