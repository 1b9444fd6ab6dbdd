import { afterAll, inject } from 'vitest';
import { createDatabase } from '../db/client';
import type { Executor } from '../db/executor';

const shared = createDatabase(inject('databaseUrl'), { max: 10 });
afterAll(() => shared.close());

/** The test file's pool, for arranging data and reading results. */
export const testDb: Executor = shared.db;

/**
 * Runs `attempt` once per participant, each on its own connection, all released at the same instant:
 * connections are opened and warmed first, then every query is sent in one tick of the event loop.
 */
export async function race<T>(participants: number, attempt: (db: Executor, index: number) => Promise<T>): Promise<T[]> {
  // A generous connect timeout: warming 200 connections on a shared 2-core machine can take more than the default
  // 5 s; it happens before the gate, so it does not soften the race.
  const connections = Array.from({ length: participants }, () =>
    createDatabase(inject('databaseUrl'), { max: 1, connectTimeoutSeconds: 60 }),
  );
  try {
    await Promise.all(connections.map((c) => c.client`SELECT 1`));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runs = connections.map(async (c, i) => {
      await gate;
      return attempt(c.db, i);
    });
    release();
    return await Promise.all(runs);
  } finally {
    await Promise.all(connections.map((c) => c.close()));
  }
}

export function tally<T extends string>(items: T[]): Record<string, number> {
  return items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [item]: (acc[item] ?? 0) + 1 }), {});
}
