/**
 * The HA fault tests' world (issue 25): the stack in front of a pg_auto_failover formation (stack/ha/), the same
 * 100 signed-in students as faults/world.ts, and a direct connection through the formation's multi-host URL
 * (target_session_attrs=read-write), so the audit reads whichever node is primary after a fault.
 */
import { createDatabase } from '../db/client';
import { freePort } from '../db/tooling/embedded';
import { startHaStack, type HaStack } from '../stack/ha/ha-stack';
import { TEST_PASSWORD, createCourse, createSection, createTerm, createUsers } from '../testing/factories';
import { inBatches, signIn } from './http';
import { SECTIONS_PER_RUSH, STUDENTS, type RushWorld } from './world';

export interface HaWorld extends RushWorld {
  ha: HaStack;
  makeSections(capacity: number): Promise<number[]>;
  close(): Promise<void>;
}

export async function openHaWorld(log: (line: string) => void): Promise<HaWorld> {
  const base = Number(process.env.FAULTS_PORT ?? 0);
  let users: { id: number; email: string }[] = [];
  let termId = 0;
  const ha = await startHaStack({
    servers: 2,
    // Beside the single-server world's port, when a range is given.
    port: base ? base + 1 : await freePort(),
    databaseConnections: 16,
    async prepare(url) {
      const { db, close } = createDatabase(url, { max: 2 });
      try {
        termId = (await createTerm(db, 'open')).id;
        users = await createUsers(db, STUDENTS);
      } finally {
        await close();
      }
    },
  });
  const direct = createDatabase(ha.databaseUrl, { max: 4 });
  const close = async () => {
    await direct.close().catch(() => {});
    await ha.stop();
  };
  try {
    const { stack, cluster } = ha;
    log(
      `HA stack up: HAProxy ${stack.url} → ${stack.apps.length} app servers → PgBouncer :${stack.pgbouncer.port} → ` +
        `${(await cluster.states()).map((s) => `${s.name} :${s.port} ${s.reported}`).join(', ')} (monitor ${cluster.monitorUrl})`,
    );
    const cookies = await inBatches(users, 8, (row) => signIn(stack.url, row.email, TEST_PASSWORD));
    log(`${users.length} students signed in through the balancer`);
    return {
      ha,
      stack,
      direct,
      students: users.map((row, i) => ({ id: row.id, cookie: cookies[i]! })),
      async makeSections(capacity) {
        const ids: number[] = [];
        for (let i = 0; i < SECTIONS_PER_RUSH; i++) {
          const course = await createCourse(direct.db);
          ids.push((await createSection(direct.db, { capacity, termId, courseId: course.id })).id);
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
