/**
 * Issue 28 item 12: `npm run stack` with a DATABASE_URL without a password (trust or peer authentication on the
 * server). PgBouncer 1.18 refused to start on the generated `password=''`; now it starts, trusts its loopback
 * clients as the server does, and passes them on to the server (here a port nobody listens on, so the client
 * waits for a server connection and is told so: the pooler let it in).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, expect, test } from 'vitest';
import { freePort } from '../db/tooling/embedded';
import { pgbouncerConfig, startPgBouncer, type PgBouncer } from '../stack/pgbouncer';
import { serviceUser } from '../stack/system';

const deadlines = { statementTimeoutMs: 3000, idleInTransactionTimeoutMs: 10_000, acquireTimeoutMs: 1000 };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-pgbouncer-test-'));
fs.chmodSync(dir, 0o755);
let pgbouncer: PgBouncer | undefined;
afterAll(async () => {
  await pgbouncer?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a server URL without a password gives a connection string without one', () => {
  const { ini } = pgbouncerConfig({
    serverUrl: 'postgres://registrar@127.0.0.1:5432/curriculab',
    serverConnections: 4,
    deadlines,
    dir,
    runAs: undefined,
    port: 6432,
  });
  expect(ini).not.toMatch(/password=/);
  expect(ini).toMatch(/^auth_type = trust$/m);
  const withPassword = pgbouncerConfig({
    serverUrl: 'postgres://registrar:s%27cret@127.0.0.1:5432/curriculab',
    serverConnections: 4,
    deadlines,
    dir,
    runAs: undefined,
    port: 6432,
  });
  expect(withPassword.ini).toMatch(/password='s\\'cret'/);
  expect(withPassword.ini).toMatch(/^auth_type = scram-sha-256$/m);
});

test('PgBouncer starts on a URL without a password and lets a client without one in', async () => {
  const serverUrl = `postgres://registrar@127.0.0.1:${await freePort()}/curriculab`;
  pgbouncer = await startPgBouncer({ serverUrl, serverConnections: 2, deadlines, dir, runAs: serviceUser() });
  const client = postgres(pgbouncer.url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    // No server behind it: the pooler's own wait runs out, which only happens to a client it accepted.
    await expect(client`SELECT 1`).rejects.toMatchObject({ code: '08P01', message: 'query_wait_timeout' });
  } finally {
    await client.end({ timeout: 1 });
  }
});
