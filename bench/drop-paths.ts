/**
 * The drop path with a waitlist behind it, beside the drop path without one (docs/decisions/0011): with a waitlist,
 * every drop also promotes the head of the line in its own transaction, so this is what promotion costs a drop.
 *
 * Each round: a fresh section whose `holders` seats are all taken; `clients` connections each send the app's drop()
 * for the next holder as soon as the last is answered. "waitlist" rounds have as many students waiting (joined
 * through waitlist_join, in order); "none" rounds have no waitlist. Rounds alternate; the best of each counts (noise
 * on a shared machine only slows a round down). After each round the section is audited: with a waitlist every
 * freed seat was given on and the line is empty, without one every seat is free.
 */
import { eq, sql } from 'drizzle-orm';
import { drop } from '../db/queries/enrollments';
import { sections } from '../db/schema';
import type { BenchData, BenchStudent } from './data';
import { perSecond, ms, table } from './format';
import type { Pool } from './harness';
import { Window, type LatencySummary } from './stats';

export interface DropRound {
  /** waitlist_outbox_off: the same drops with the notice trigger disabled (docs/decisions/0026: what the outbox costs). */
  mode: 'waitlist' | 'waitlist_outbox_off' | 'none';
  perSecond: number;
  latency: LatencySummary;
}

export interface DropPaths {
  holders: number;
  clients: number;
  rounds: DropRound[];
  /** Invariants a round broke (they fail the run). */
  broken: string[];
}

export async function measureDropPaths(
  pool: Pool,
  data: BenchData,
  students: readonly BenchStudent[],
  { holders, rounds }: { holders: number; rounds: number },
): Promise<DropPaths> {
  if (students.length < 2 * holders) throw new Error(`the drop paths need ${2 * holders} students, got ${students.length}`);
  const [seated, waiting] = [students.slice(0, holders), students.slice(holders, 2 * holders)];
  const result: DropPaths = { holders, clients: pool.max, rounds: [], broken: [] };

  const round = async (mode: DropRound['mode']) => {
    const sectionId = await data.filledSection(holders, seated);
    const withLine = mode !== 'none';
    if (withLine) {
      await pool.db.update(sections).set({ waitlistCapacity: holders }).where(eq(sections.id, sectionId));
      const ids = sql.join(
        waiting.map((s) => sql`${s.id}`),
        sql`, `,
      );
      // One statement, the line in array order: each call takes the section's lock and the next position.
      await pool.db.execute(sql`
        SELECT waitlist_join(${sectionId}, w.id, NULL)
        FROM unnest(ARRAY[${ids}]::integer[]) WITH ORDINALITY AS w(id, n) ORDER BY w.n`);
    }
    // Between rounds, when nothing else runs: ALTER TABLE takes the table's exclusive lock.
    const outbox = (enable: boolean) =>
      pool.db.execute(sql.raw(`ALTER TABLE enrollment_events ${enable ? 'ENABLE' : 'DISABLE'} TRIGGER enrollment_events_notify`));
    if (mode === 'waitlist_outbox_off') await outbox(false);
    const window = new Window();
    let next = 0;
    let dropped = 0;
    await Promise.all(
      Array.from({ length: pool.max }, async () => {
        while (next < seated.length) {
          const student = seated[next++]!;
          const sent = performance.now();
          const answer = await drop(student.id, sectionId, pool.db);
          if (answer.ok) {
            dropped++;
            window.add(sent, performance.now());
          }
        }
      }),
    );
    if (mode === 'waitlist_outbox_off') await outbox(true);
    const [after] = await pool.db.execute<{ enrolled: number; waiting: number; notices: number }>(sql`
      SELECT s.enrolled_count AS enrolled, (SELECT count(*)::int FROM waitlist_entries w WHERE w.section_id = s.id) AS waiting,
             (SELECT count(*)::int FROM notifications n WHERE n.section_id = s.id AND n.kind = 'promoted') AS notices
      FROM sections s WHERE s.id = ${sectionId}`);
    const expected = withLine ? holders : 0;
    const expectedNotices = mode === 'waitlist' ? holders : 0;
    if (dropped !== holders || after?.enrolled !== expected || after?.waiting !== 0 || after?.notices !== expectedNotices) {
      result.broken.push(
        `drop path (${mode}): ${dropped}/${holders} dropped, enrolled_count ${after?.enrolled}, expected ${expected}, ${after?.waiting} still waiting, ${after?.notices} notices (expected ${expectedNotices})`,
      );
    }
    const rates = window.rates();
    result.rounds.push({ mode, perSecond: rates.perSecond, latency: rates.latency });
  };

  for (let r = 0; r < rounds; r++) {
    const modes = ['waitlist', 'waitlist_outbox_off', 'none'] as const;
    for (const mode of r % 2 ? [...modes].reverse() : modes) await round(mode);
  }
  return result;
}

const bestOf = (paths: DropPaths, mode: DropRound['mode']) =>
  paths.rounds.filter((r) => r.mode === mode).reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

export function renderDropPaths(paths: DropPaths): string {
  const [withLine, outboxOff, without] = [bestOf(paths, 'waitlist'), bestOf(paths, 'waitlist_outbox_off'), bestOf(paths, 'none')];
  const label = { waitlist: 'with waitlist (outbox on)', waitlist_outbox_off: 'with waitlist, outbox off', none: 'no waitlist' };
  return [
    `5. Drop path, ${paths.holders} holders dropping at ${paths.clients} clients: with a full waitlist behind (each drop promotes and writes its notice) vs the same with the outbox trigger off vs none (best of ${paths.rounds.length / 3} rounds each)`,
    table(
      ['drop path', 'drops/s', 'p50/p95/p99 ms', 'vs none'],
      [withLine, outboxOff, without].map((r) => [
        label[r.mode],
        perSecond(r.perSecond),
        `${ms(r.latency.p50)} / ${ms(r.latency.p95)} / ${ms(r.latency.p99)}`,
        `${((r.perSecond / without.perSecond) * 100).toFixed(0)}%`,
      ]),
    ),
    `   The outbox's cost per promotion: ${ms(1000 / withLine.perSecond - 1000 / outboxOff.perSecond)} ms of each drop's share of the run (${((withLine.perSecond / outboxOff.perSecond) * 100).toFixed(0)}% of the outbox-off rate).`,
  ].join('\n');
}
