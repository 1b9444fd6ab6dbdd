import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres } from './embedded';

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database that exists only for one test run: a fresh database on DATABASE_URL's server when it is set,
 * else a fresh embedded cluster in a temp folder. A developer's own data is never touched.
 */
export async function createThrowawayDatabase(log: (line: string) => void = () => {}): Promise<ThrowawayDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) return createDatabaseOn(serverUrl);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-test-'));
  fs.chmodSync(dataDir, 0o755);
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'pg'),
    persistent: false,
    fast: true,
    maxConnections: 500,
    log,
  });
  return {
    url: pg.url,
    drop: async () => {
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the server of `serverUrl` (a test that must not share the suite's database). */
export async function createDatabaseOn(serverUrl: string): Promise<ThrowawayDatabase> {
  const name = `curriculab_test_${crypto.randomBytes(5).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await again.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}
