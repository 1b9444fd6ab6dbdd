import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sections } from '../db/schema';
import { onceMoreOnDeadlock } from '../lib/domain/deadlocks';
import { race, testDb } from './db';
import { createSection } from '../testing/factories';

describe('a deadlock PostgreSQL breaks is retried once (lib/domain/deadlocks.ts)', () => {
  it('two transactions locking two sections in opposite orders both finish, one after a retry', async () => {
    const [a, b] = [await createSection(testDb), await createSection(testDb)];
    let attempts = 0;
    const results = await race(2, (db, i) =>
      onceMoreOnDeadlock(() => {
        attempts++;
        return db.transaction(async (tx) => {
          const [first, second] = i === 0 ? [a.id, b.id] : [b.id, a.id];
          await tx.execute(sql`SELECT id FROM sections WHERE id = ${first} FOR UPDATE`);
          await tx.execute(sql`SELECT pg_sleep(0.3)`);
          await tx.execute(sql`SELECT id FROM sections WHERE id = ${second} FOR UPDATE`);
          await tx
            .update(sections)
            .set({ location: `done by ${i}` })
            .where(eq(sections.id, second));
          return 'done';
        });
      }),
    );
    expect(results).toEqual(['done', 'done']);
    expect(attempts).toBe(3);
  });

  it('anything else is not retried', async () => {
    let attempts = 0;
    await expect(
      onceMoreOnDeadlock(async () => {
        attempts++;
        throw Object.assign(new Error('full'), { code: '23514' });
      }),
    ).rejects.toThrow('full');
    expect(attempts).toBe(1);
  });
});
