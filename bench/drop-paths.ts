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
  mode: 'waitlist' | 'none';
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
    if (mode === 'waitlist') {
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
    const [after] = await pool.db.execute<{ enrolled: number; waiting: number }>(sql`
      SELECT s.enrolled_count AS enrolled, (SELECT count(*)::int FROM waitlist_entries w WHERE w.section_id = s.id) AS waiting
      FROM sections s WHERE s.id = ${sectionId}`);
    const expected = mode === 'waitlist' ? holders : 0;
    if (dropped !== holders || after?.enrolled !== expected || after?.waiting !== 0) {
      result.broken.push(
        `drop path (${mode}): ${dropped}/${holders} dropped, enrolled_count ${after?.enrolled}, expected ${expected}, ${after?.waiting} still waiting`,
      );
    }
    const rates = window.rates();
    result.rounds.push({ mode, perSecond: rates.perSecond, latency: rates.latency });
  };

  for (let r = 0; r < rounds; r++) {
    for (const mode of r % 2 ? (['none', 'waitlist'] as const) : (['waitlist', 'none'] as const)) await round(mode);
  }
  return result;
}

const bestOf = (paths: DropPaths, mode: DropRound['mode']) =>
  paths.rounds.filter((r) => r.mode === mode).reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

export function renderDropPaths(paths: DropPaths): string {
  const [withLine, without] = [bestOf(paths, 'waitlist'), bestOf(paths, 'none')];
  return [
    `5. Drop path, ${paths.holders} holders dropping at ${paths.clients} clients: with a full waitlist behind (each drop promotes) vs none (best of ${paths.rounds.length / 2} rounds each)`,
    table(
      ['drop path', 'drops/s', 'p50/p95/p99 ms', 'vs none'],
      [withLine, without].map((r) => [
        r.mode === 'waitlist' ? 'with waitlist' : 'no waitlist',
        perSecond(r.perSecond),
        `${ms(r.latency.p50)} / ${ms(r.latency.p95)} / ${ms(r.latency.p99)}`,
        `${((r.perSecond / without.perSecond) * 100).toFixed(0)}%`,
      ]),
    ),
  ].join('\n');
}
