/**
 * Live seats under load (docs/decisions/0013): N Server-Sent Events streams open on one app server, the server's
 * memory and CPU before, during and after, and how long a change takes to reach every stream.
 */
import fs from 'node:fs';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/executor';
import type { BenchData, BenchStudent } from './data';
import type { SignedIn } from './rush';
import { summarize, type LatencySummary } from './stats';

/** The app server's process tree at one moment: resident memory, CPU time so far and open descriptors. */
export interface Usage {
  rssMiB: number;
  cpuSeconds: number;
  fds: number;
}

export interface StreamsResult {
  requested: number;
  opened: number;
  refused: Record<string, number>;
  sectionsPerStream: number;
  before: Usage;
  during: Usage;
  after: Usage;
  /** Share of one core used by the server while the streams were open and idle (the poller's ticks, heartbeats). */
  idleCpuPercent: number;
  idleSeconds: number;
  /** From the committed change to its event at each stream, over `changes` changes. */
  delivery: LatencySummary & { max: number; changes: number; missed: number };
}

const TICK = 100; // USER_HZ on Linux

function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  return tree;
}

export function usageOf(pid: number): Usage {
  let rssKiB = 0;
  let ticks = 0;
  let fds = 0;
  for (const p of descendants(pid)) {
    try {
      rssKiB += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      fds += fs.readdirSync(`/proc/${p}/fd`).length;
    } catch {
      // exited meanwhile
    }
  }
  return { rssMiB: rssKiB / 1024, cpuSeconds: ticks / TICK, fds };
}

interface OpenStream {
  request: http.ClientRequest;
  /** Each `seats` event's sections, with when it arrived. */
  onSeats: ((views: { id: number; enrolledCount: number }[], at: number) => void) | null;
}

/** Opens one stream; resolves once its first `seats` event (the initial view) has arrived, or with its status. */
function openStream(url: string, cookie: string, agent: http.Agent): Promise<OpenStream | { status: string }> {
  return new Promise((resolve) => {
    const stream: OpenStream = { request: undefined as unknown as http.ClientRequest, onSeats: null };
    // A stream whose first view has not come in 15 s counts as refused, so the bench never hangs on one. A wall-clock
    // deadline, not the socket's idle timeout: heartbeats keep a socket busy without bringing a view.
    // Which side it stalled on: no answer at all (the request waits in the server), or an open stream with no view
    // (': open' arrived, the poller's first view did not).
    let answered = false;
    let opened = false;
    const deadline = setTimeout(() => {
      resolve({ status: !answered ? 'no answer in 15 s' : opened ? 'open, no first view in 15 s' : 'headers, no bytes in 15 s' });
      stream.request.destroy();
    }, 15_000);
    stream.request = http.get(url, { agent, headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: `${res.statusCode} ${/"error":"(\w+)"/.exec(body)?.[1] ?? ''}`.trim() }));
        return;
      }
      answered = true;
      let endedBy = '';
      let buffer = '';
      let first = true;
      res.on('data', (chunk: Buffer) => {
        opened = true;
        const at = performance.now();
        buffer += chunk.toString();
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: end$/m.test(event)) endedBy = /^data: (.*)$/m.exec(event)?.[1] ?? '?';
          const data = /^event: seats\ndata: (.*)$/m.exec(event)?.[1];
          if (!data) continue;
          if (first) {
            first = false;
            clearTimeout(deadline);
            resolve(stream);
          } else stream.onSeats?.(JSON.parse(data) as { id: number; enrolledCount: number }[], at);
        }
      });
      res.on('end', () => {
        if (first) resolve({ status: endedBy ? `ended (${endedBy}) before its first view` : 'closed before its first view' });
      });
      res.on('error', () => {});
    });
    stream.request.on('error', (error) => {
      clearTimeout(deadline);
      resolve({ status: (error as NodeJS.ErrnoException).code ?? 'error' });
    });
  });
}

export async function measureStreams({
  base,
  pid,
  db,
  data,
  signedIn,
  streams,
  holders,
  quick,
}: {
  base: string;
  pid: number;
  db: Executor;
  data: BenchData;
  signedIn: readonly SignedIn[];
  streams: number;
  /** Students who take the seats whose changes are timed. */
  holders: readonly BenchStudent[];
  /** The smoke run: a shorter idle window and fewer timed changes. */
  quick: boolean;
}): Promise<StreamsResult> {
  const sectionIds = await data.sections(20, 10_000);
  const url = `${base}/api/live?sections=${sectionIds.join(',')}`;
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  await sleep(1_000);
  const before = usageOf(pid);

  const open: OpenStream[] = [];
  const refused: Record<string, number> = {};
  for (let start = 0; start < streams; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, streams - start) }, (_, k) => {
        const session = signedIn[(start + k) % signedIn.length]!;
        return openStream(url, session.cookie, agent);
      }),
    );
    for (const s of batch) {
      if ('status' in s) refused[s.status] = (refused[s.status] ?? 0) + 1;
      else open.push(s);
    }
  }

  // Idle: every stream open, nothing changing; the poller ticks and finds nothing to send.
  const idleStart = usageOf(pid);
  const idleStartedAt = performance.now();
  await sleep(quick ? 2_000 : 5_000);
  const during = usageOf(pid);
  const idleSeconds = (performance.now() - idleStartedAt) / 1000;
  const idleCpuPercent = ((during.cpuSeconds - idleStart.cpuSeconds) / idleSeconds) * 100;

  // One committed change at a time: how long until every stream has it.
  const delays: number[] = [];
  let missed = 0;
  const changes = Math.min(quick ? 2 : 5, holders.length);
  for (let c = 0; c < changes; c++) {
    const sectionId = sectionIds[c % sectionIds.length]!;
    const pending = new Set(open);
    let committedAt = 0;
    const done = new Promise<void>((resolve) => {
      for (const s of open) {
        s.onSeats = (views, at) => {
          if (!pending.has(s) || !views.some((v) => v.id === sectionId)) return;
          pending.delete(s);
          delays.push(at - committedAt);
          if (!pending.size) resolve();
        };
      }
    });
    // Timed from before the INSERT is sent: the figure includes the commit, so it is an upper bound.
    committedAt = performance.now();
    await db.execute(sql`INSERT INTO enrollments (student_id, section_id) VALUES (${holders[c]!.id}, ${sectionId})`);
    await Promise.race([done, sleep(10_000)]);
    missed += pending.size;
    await sleep(300);
  }

  for (const s of open) s.request.destroy();
  agent.destroy();
  await sleep(3_000);
  const after = usageOf(pid);
  const sorted = [...delays].sort((a, b) => a - b);
  return {
    requested: streams,
    opened: open.length,
    refused,
    sectionsPerStream: sectionIds.length,
    before,
    during,
    after,
    idleCpuPercent,
    idleSeconds,
    delivery: { ...summarize(delays), max: sorted.at(-1) ?? Number.NaN, changes, missed },
  };
}
