/**
 * What scripts/measure-history.ts and scripts/measure-rules.ts share: the command line, a throwaway embedded cluster
 * in a temp folder (loopback), an open term with N students, and the hot-section rush (`clients` connections, each
 * sending the app's enroll() for the next student as soon as it is answered).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../db/client';
import { startEmbeddedPostgres } from '../db/tooling/embedded';
import type { Executor } from '../db/executor';
import { migrateDatabase } from '../db/tooling/migrate';
import { enroll } from '../db/queries/enrollments';
import { terms, users } from '../db/schema';
import { parseCommandLine, wholeNumber } from './command-line';

export interface MeasureOptions {
  durable: boolean;
  students: number;
  rounds: number;
  clients: number;
}

export function measureOptions(script: string, defaultRounds: number): MeasureOptions {
  const usage = `npx tsx --conditions=react-server scripts/${script} [--durable] [--students 1200] [--rounds ${defaultRounds}] [--clients 8]`;
  const { values } = parseCommandLine(usage, {
    durable: { type: 'boolean', default: false },
    students: { type: 'string' },
    rounds: { type: 'string' },
    clients: { type: 'string' },
  });
  return {
    durable: values.durable,
    students: wholeNumber(usage, '--students', values.students, 1200),
    rounds: Math.min(10, wholeNumber(usage, '--rounds', values.rounds, defaultRounds)),
    clients: wholeNumber(usage, '--clients', values.clients, 8),
  };
}

/** Runs `body` on a migrated throwaway cluster (fsync off unless --durable), then stops it and removes its folder. */
export async function withMeasureDatabase(options: MeasureOptions, body: (db: Executor) => Promise<void>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-measure-'));
  fs.chmodSync(dataDir, 0o755);
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'pg'),
    persistent: false,
    fast: !options.durable,
    maxConnections: 50,
  });
  try {
    await migrateDatabase(pg.url);
    const { db, close } = createDatabase(pg.url, { max: options.clients });
    try {
      await body(db);
    } finally {
      await close();
    }
  } finally {
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const DAY = 24 * 60 * 60 * 1000;
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

/** A term whose registration is open now. */
export const OPEN_TERM = {
  code: 'NOW',
  name: 'Now',
  registrationOpensAt: daysFromNow(-1),
  registrationClosesAt: daysFromNow(10),
  dropDeadline: daysFromNow(5),
  withdrawDeadline: daysFromNow(20),
};

export async function insertStudents(db: Executor, count: number) {
  return db
    .insert(users)
    .values(
      Array.from({ length: count }, (_, i) => ({
        email: `s${i}@bench.test`,
        name: `S ${i}`,
        passwordHash: 'x',
        role: 'student' as const,
      })),
    )
    .returning({ id: users.id });
}

export async function insertOpenTerm(db: Executor) {
  const [term] = await db.insert(terms).values(OPEN_TERM).returning();
  return term!;
}

/** Every student tries the section once, `clients` at a time; enrollments admitted per second. */
export async function enrollRush(db: Executor, students: { id: number }[], sectionId: number, clients: number) {
  let next = 0;
  let admitted = 0;
  let other = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < students.length) {
        const student = students[next++]!;
        if ((await enroll(student.id, sectionId, db)).ok) admitted++;
        else other++;
      }
    }),
  );
  return { perSecond: admitted / ((performance.now() - started) / 1000), admitted, other };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
