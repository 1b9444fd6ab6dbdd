/**
 * The enroll path with sets (docs/decisions/0022) against single sections, end to end in the same run: signed-in
 * students take a lecture and its lab in one POST /api/enrollments {"sections": [lec, lab]}, or one plain section
 * through POST /api/sections/{id}/enrollments, at the same number of requests in flight. Every student has a seat, so
 * the figure is the path's own cost; a set holds two seats, hence seats/s beside enrolls/s.
 */
import type { Executor } from '../db/executor';
import { auditSeats, type BenchData, type SeatAudit } from './data';
import { jsonField, request } from './http';
import type { SignedIn } from './rush';
import { latencies, perSecond, ratio, table } from './format';
import { Window, type LatencySummary } from './stats';

/** Requests in flight in both runs: a closed loop, each worker taking the next student when answered. */
export const SET_CLIENTS = 16;
const ROUNDS = 2;

export interface SetPathRun {
  path: 'single' | 'set';
  requests: number;
  /** 201 answers per second (each one request: one seat single, two for a set). */
  enrollsPerSecond: number;
  seatsPerSecond: number;
  latency: LatencySummary;
  /** By HTTP status and error code; anything but 201 here is a failure of the app or of the harness. */
  statuses: Record<string, number>;
  serverErrors: number;
  audit: SeatAudit;
}

export interface SetsResult {
  clients: number;
  rounds: number;
  single: SetPathRun;
  set: SetPathRun;
  /** The time one seat costs through a set, as a share of one seat through the single path (1 = the same). */
  costPerSeat: number;
}

async function runPath(
  db: Executor,
  path: SetPathRun['path'],
  signedIn: readonly SignedIn[],
  sectionIds: number[],
): Promise<SetPathRun> {
  const statuses: Record<string, number> = {};
  const ok = new Window();
  let serverErrors = 0;
  let next = 0;
  const one = async ({ base, cookie }: SignedIn) => {
    const sent = performance.now();
    let key: string;
    try {
      const response =
        path === 'single'
          ? await request(`${base}/api/sections/${sectionIds[0]}/enrollments`, { method: 'POST', headers: { cookie } })
          : await request(`${base}/api/enrollments`, {
              method: 'POST',
              headers: { cookie, 'content-type': 'application/json' },
              body: JSON.stringify({ sections: sectionIds }),
            });
      const code = jsonField(response.body, 'error');
      key = typeof code === 'string' ? `${response.status} ${code}` : String(response.status);
      if (response.status === 201) ok.add(sent, performance.now());
      else if (response.status >= 500) serverErrors++;
    } catch (error) {
      key = `network error: ${error instanceof Error ? error.message : String(error)}`;
    }
    statuses[key] = (statuses[key] ?? 0) + 1;
  };
  const worker = async () => {
    while (next < signedIn.length) await one(signedIn[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(SET_CLIENTS, signedIn.length) }, worker));
  const { perSecond, latency } = ok.rates();
  return {
    path,
    requests: signedIn.length,
    enrollsPerSecond: perSecond,
    seatsPerSecond: perSecond * sectionIds.length,
    latency,
    statuses,
    serverErrors,
    audit: await auditSeats(db, sectionIds),
  };
}

const better = (a: SetPathRun | undefined, b: SetPathRun) => (!a || b.enrollsPerSecond > a.enrollsPerSecond ? b : a);

/**
 * Rounds alternate which path goes first, fresh sections each (a seat for every student), and each path keeps its
 * best round: noise on a shared machine only ever slows a run down.
 */
export async function measureSets(db: Executor, data: BenchData, signedIn: readonly SignedIn[]): Promise<SetsResult> {
  let single: SetPathRun | undefined;
  let set: SetPathRun | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of round % 2 ? (['set', 'single'] as const) : (['single', 'set'] as const)) {
      if (path === 'single') single = better(single, await runPath(db, path, signedIn, [await data.section(signedIn.length)]));
      else set = better(set, await runPath(db, path, signedIn, await data.lectureWithLab(signedIn.length)));
    }
  }
  return {
    clients: SET_CLIENTS,
    rounds: ROUNDS,
    single: single!,
    set: set!,
    costPerSeat: set!.seatsPerSecond > 0 ? single!.seatsPerSecond / set!.seatsPerSecond : Number.NaN,
  };
}

/** The report's lines: both paths in one table, and the ratio. */
export function setsLines(s: SetsResult | { error: string }): string[] {
  if ('error' in s) return [`  sets against single sections: ${s.error}`];
  const statuses = (r: SetPathRun) =>
    Object.entries(r.statuses)
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ');
  return [
    `  sets against single sections: ${s.single.requests} students, each one enroll, ${s.clients} in flight (best of ${s.rounds} rounds)`,
    table(
      ['path', 'enrolls/s', 'seats/s', 'p50/p95/p99 ms', '5xx', 'over-enrolled', 'statuses'],
      [s.single, s.set].map((r) => [
        r.path === 'single' ? 'single: POST /api/sections/{id}/enrollments' : 'set: POST /api/enrollments [lec, lab]',
        perSecond(r.enrollsPerSecond),
        perSecond(r.seatsPerSecond),
        latencies(r.latency),
        String(r.serverErrors),
        String(r.audit.overEnrolled + r.audit.drift),
        statuses(r),
      ]),
    )
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
    `  a seat through a set costs ${Number.isFinite(s.costPerSeat) ? `${s.costPerSeat.toFixed(2)}×` : '–'} a seat through the single path ` +
      `(enrolls/s: the set ${ratio(s.set.enrollsPerSecond / s.single.enrollsPerSecond)} of single)`,
  ];
}
