/** The registration rush end to end: signed-in students all POST enroll at the same instant. */
import type { Executor } from '../db/executor';
import { auditSeats, BENCH_PASSWORD, type BenchData, type BenchStudent, type SeatAudit } from './data';
import type { Rates } from './harness';
import { ApiUnavailable, jsonField, request, signIn } from './http';
import { Window, type LatencySummary } from './stats';

export interface RushResult {
  /**
   * `page`: the hot rush again, each POST exactly as the section page's Enroll sends it (pageRequestHeaders);
   * `bare`: the same at bench/bare-enroll-server.ts, the enroll statement behind a bare Node http server.
   */
  scenario: 'hot' | 'spread' | 'page' | 'bare';
  students: number;
  sections: number;
  capacity: number;
  elapsedMs: number;
  successes: Rates;
  rejections: Rates;
  /** Every 201 and 409 together: the rate and latencies a student sees, whatever the answer. */
  answers: Rates;
  /** By HTTP status and error code, e.g. {"201": 50, "409 section_full": 450}. */
  statuses: Record<string, number>;
  serverErrors: number;
  /** Neither 201, 409 nor 5xx (401, 403, 404, network errors): the harness or the app is wrong. */
  otherErrors: number;
  audit: SeatAudit;
}

export interface SignedIn {
  student: BenchStudent;
  base: string;
  cookie: string;
}

async function inBatches<T, R>(items: readonly T[], width: number, each: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await each(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** Sign-in is argon2 on the server: a few at a time, before the clock starts. Students alternate between servers. */
export async function signInAll(
  bases: readonly string[],
  students: readonly BenchStudent[],
  onDone: () => void,
): Promise<SignedIn[]> {
  const [first, ...rest] = students;
  if (!first) return [];
  const probe = await signIn(bases[0]!, first.email, BENCH_PASSWORD); // fails fast with ApiUnavailable
  const others = await inBatches(rest, 8, async (student, i) => {
    const base = bases[(i + 1) % bases.length]!;
    const cookie = await signIn(base, student.email, BENCH_PASSWORD);
    onDone();
    return { student, base, cookie };
  });
  return [{ student: first, base: bases[0]!, cookie: probe }, ...others];
}

const enrollUrl = (base: string, sectionId: number) => `${base}/api/sections/${sectionId}/enrollments`;

/**
 * What Chromium sends for the section page's Enroll (app/_components/direct-enroll.ts: `fetch(url, { method: 'POST',
 * cache: 'no-store' })`), header for header as captured from Debian's chromium 156 headless, with the page's own
 * Origin and Referer: the same route as the API's rush, with everything a browser adds that the server must read
 * past (Origin and Sec-Fetch-Site checked as CSRF, docs/decisions/0010). The Cookie is the student's.
 */
export function pageRequestHeaders(base: string, sectionId: number, cookie: string): Record<string, string> {
  return {
    'content-length': '0',
    pragma: 'no-cache',
    'cache-control': 'no-cache',
    'sec-ch-ua-platform': '"Linux"',
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
    'sec-ch-ua': '"Not:A-Brand";v="8", "Chromium";v="156"',
    'sec-ch-ua-mobile': '?0',
    accept: '*/*',
    origin: base,
    'sec-fetch-site': 'same-origin',
    'sec-fetch-mode': 'cors',
    'sec-fetch-dest': 'empty',
    referer: `${base}/sections/${sectionId}`,
    'accept-encoding': 'gzip, deflate, br, zstd',
    'accept-language': 'en-US,en;q=0.9',
    cookie,
  };
}

/**
 * Untimed: checks the enroll route exists, then a full rehearsal (everyone refused by a section with no
 * seats, a few admitted elsewhere) so routes are compiled, JIT-warm and one keep-alive socket per student is open.
 */
export async function warmUp(data: BenchData, signedIn: readonly SignedIn[]) {
  const [openId, fullId] = [await data.section(100_000), await data.section(0)];
  const [first] = signedIn;
  if (!first) return;
  const probe = await request(enrollUrl(first.base, fullId), { method: 'POST', headers: { cookie: first.cookie } });
  if (probe.status === 404) throw new ApiUnavailable('API not available (HTTP 404 on POST /api/sections/{id}/enrollments)');
  await Promise.all(
    signedIn.map(({ base, cookie }) => request(enrollUrl(base, fullId), { method: 'POST', headers: { cookie } })),
  );
  await Promise.all(
    signedIn.slice(0, 20).map(({ base, cookie }) => request(enrollUrl(base, openId), { method: 'POST', headers: { cookie } })),
  );
}

export interface FloorResult {
  label: string;
  requests: number;
  perSecond: number;
  latency: LatencySummary;
  notOk: number;
}

/** The app's own floor: the same burst on routes that do (almost) no database work. */
export async function floor(label: string, signedIn: readonly SignedIn[], path: (base: string) => string): Promise<FloorResult> {
  const ok = new Window();
  let notOk = 0;
  await Promise.all(
    signedIn.map(async ({ base, cookie }) => {
      const sent = performance.now();
      const response = await request(path(base), { headers: { cookie } }).catch(() => undefined);
      if (response?.status === 200) ok.add(sent, performance.now());
      else notOk++;
    }),
  );
  const { count, perSecond, latency } = ok.rates();
  return { label, requests: count + notOk, perSecond, latency, notOk };
}

/** Every student's POST leaves in the same tick; `sectionOf` says where each one goes. */
export async function rush(
  db: Executor,
  scenario: RushResult['scenario'],
  signedIn: readonly SignedIn[],
  sectionIds: readonly number[],
  capacity: number,
): Promise<RushResult> {
  const statuses: Record<string, number> = {};
  const success = new Window();
  const rejection = new Window();
  const answer = new Window();
  let serverErrors = 0;
  let otherErrors = 0;
  const started = performance.now();
  await Promise.all(
    signedIn.map(async ({ base, cookie, student }, i) => {
      const sent = performance.now();
      let key: string;
      try {
        const sectionId = sectionIds[i % sectionIds.length]!;
        const response =
          scenario === 'bare'
            ? await request(`${base}/enroll/${sectionId}/${student.id}`, { method: 'POST' })
            : await request(enrollUrl(base, sectionId), {
                method: 'POST',
                headers: scenario === 'page' ? pageRequestHeaders(base, sectionId, cookie) : { cookie },
              });
        const now = performance.now();
        const code = jsonField(response.body, 'error');
        key = typeof code === 'string' ? `${response.status} ${code}` : String(response.status);
        if (response.status === 201 || response.status === 409) answer.add(sent, now);
        if (response.status === 201) success.add(sent, now);
        else if (response.status === 409) rejection.add(sent, now);
        else if (response.status >= 500) serverErrors++;
        else otherErrors++;
      } catch (error) {
        key = `network error: ${error instanceof Error ? error.message : String(error)}`;
        otherErrors++;
      }
      statuses[key] = (statuses[key] ?? 0) + 1;
    }),
  );
  const elapsedMs = performance.now() - started;
  return {
    scenario,
    students: signedIn.length,
    sections: sectionIds.length,
    capacity,
    elapsedMs,
    successes: success.rates(),
    rejections: rejection.rates(),
    answers: answer.rates(),
    statuses,
    serverErrors,
    otherErrors,
    audit: await auditSeats(db, [...sectionIds]),
  };
}
