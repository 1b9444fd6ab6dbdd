import { afterAll, inject } from 'vitest';
import { createDatabase } from '../db/client';
import type { Executor } from '../db/executor';

const shared = createDatabase(inject('databaseUrl'), { max: 10 });
afterAll(() => shared.close());

/** The test file's pool, for arranging data and reading results. */
export const testDb: Executor = shared.db;

/**
 * The file's race connections, opened by its first race and reused by the next (closed with the file). A fresh
 * backend pays for its connection and for compiling the rules' PL/pgSQL on its first call: about 2.7 s of each
 * 4 s round of 200 students on two cores (issue 28.21), none of it part of the race. Nothing here keeps session
 * state (every setting is transaction-local), so a reused connection starts a round as a new one would.
 */
const racers: ReturnType<typeof createDatabase>[] = [];
afterAll(() => Promise.all(racers.splice(0).map((c) => c.close())));

/**
 * Runs `attempt` once per participant, each on its own connection, all released at the same instant:
 * connections are opened and warmed first, then every query is sent in one tick of the event loop.
 */
export async function race<T>(participants: number, attempt: (db: Executor, index: number) => Promise<T>): Promise<T[]> {
  // A generous connect timeout: warming 200 connections on a shared 2-core machine can take more than the default
  // 5 s; it happens before the gate, so it does not soften the race.
  while (racers.length < participants) racers.push(createDatabase(inject('databaseUrl'), { max: 1, connectTimeoutSeconds: 60 }));
  const connections = racers.slice(0, participants);
  await Promise.all(connections.map((c) => c.client`SELECT 1`));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const runs = connections.map(async (c, i) => {
    await gate;
    return attempt(c.db, i);
  });
  release();
  return Promise.all(runs);
}

export function tally<T extends string>(items: T[]): Record<string, number> {
  return items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [item]: (acc[item] ?? 0) + 1 }), {});
}
