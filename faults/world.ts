/**
 * What every fault test runs on: its own PostgreSQL (embedded, in a temp folder, so it can be restarted and
 * frozen), the whole stack in front of it, 100 students signed in through the balancer, and a direct
 * connection to PostgreSQL for the audit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../db/client';
import { freePort, startEmbeddedPostgres, type RunningPostgres } from '../db/tooling/embedded';
import { migrateDatabase } from '../db/tooling/migrate';
import { startStack, type Stack } from '../stack/stack';
import { TEST_PASSWORD, createCourse, createSection, createTerm, createUsers } from '../testing/factories';
import { inBatches, signIn } from './http';

export const STUDENTS = 100;
export const SECTIONS_PER_RUSH = 3;

export interface Student {
  id: number;
  cookie: string;
}

export interface World {
  stack: Stack;
  postgres(): RunningPostgres;
  /** Fast shutdown, `downMs` with no database, then the same cluster on the same port. */
  restartPostgres(downMs: number): Promise<void>;
  direct: ReturnType<typeof createDatabase>;
  students: Student[];
  /** Fresh sections in the open term, so each fault starts from seats nobody holds. */
  makeSections(capacity: number): Promise<number[]>;
  close(): Promise<void>;
}

/** What a rush and its audit need: the balancer, the signed-in students and a direct connection. */
export type RushWorld = Pick<World, 'stack' | 'direct' | 'students'>;

export async function openWorld(log: (line: string) => void): Promise<World> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-faults-'));
  fs.chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'pg');
  // persistent: the data must survive the restart; the whole folder is removed by close().
  let pg = await startEmbeddedPostgres({ dataDir, persistent: true, fast: true, maxConnections: 100 });
  const port = pg.port;
  let stack: Stack | undefined;
  let direct: ReturnType<typeof createDatabase> | undefined;
  const close = async () => {
    await stack?.stop();
    await direct?.close().catch(() => {});
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrateDatabase(pg.url);
    direct = createDatabase(pg.url, { max: 4 });
    const term = await createTerm(direct.db, 'open');
    const rows = await createUsers(direct.db, STUDENTS);
    stack = await startStack({
      databaseUrl: pg.url,
      servers: 2,
      port: Number(process.env.FAULTS_PORT ?? 0) || (await freePort()),
      databaseConnections: 16,
    });
    log(
      `stack up: HAProxy ${stack.url} → ${stack.apps.map((a) => a.url).join(', ')} → PgBouncer :${stack.pgbouncer.port} (16 server connections) → PostgreSQL :${port}`,
    );
    const cookies = await inBatches(rows, 8, (row) => signIn(stack!.url, row.email, TEST_PASSWORD));
    log(`${rows.length} students signed in through the balancer`);
    const db = direct.db;
    return {
      stack,
      postgres: () => pg,
      async restartPostgres(downMs) {
        console.log(`[faults] stopping PostgreSQL (pid ${pg.pid})`);
        await pg.stop();
        console.log(`[faults] PostgreSQL stopped; starting it again in ${downMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, downMs));
        pg = await startEmbeddedPostgres({ dataDir, persistent: true, fast: true, maxConnections: 100, port });
        if (pg.port !== port) throw new Error(`PostgreSQL came back on port ${pg.port}, not ${port}`);
        console.log(`[faults] PostgreSQL up again (pid ${pg.pid})`);
      },
      direct,
      students: rows.map((row, i) => ({ id: row.id, cookie: cookies[i]! })),
      async makeSections(capacity) {
        const ids: number[] = [];
        for (let i = 0; i < SECTIONS_PER_RUSH; i++) {
          const course = await createCourse(db);
          ids.push((await createSection(db, { capacity, termId: term.id, courseId: course.id })).id);
        }
        return ids;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
