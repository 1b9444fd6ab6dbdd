/** The database a bench run measures: never the developer's own data. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../db/tooling/embedded';
import { createThrowawayDatabase } from '../db/tooling/throwaway-database';
import type { BenchOptions } from './options';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * --base-url: the running app's database, used as it is (the bench only adds its own term, course and users).
 * --database-url: a fresh database on that server. Otherwise an embedded cluster in a temp folder, with
 * durable commits (fsync, synchronous_commit on) unless --fast-commit: a commit that waits for the disk holds
 * the hot section's row lock for that long, which is what production sees.
 */
export async function openBenchDatabase(options: BenchOptions): Promise<BenchDatabase> {
  if (options.baseUrl && options.databaseUrl) return { url: options.databaseUrl, drop: async () => {} };
  if (options.databaseUrl) {
    process.env.DATABASE_URL = options.databaseUrl;
    return createThrowawayDatabase();
  }
  delete process.env.DATABASE_URL;
  if (options.fastCommit) return createThrowawayDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-bench-'));
  fs.chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), persistent: false, fast: false, maxConnections: 600 });
  return {
    url: pg.url,
    drop: async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
