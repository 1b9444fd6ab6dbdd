/** Part 1 of the bench: the built app, its real sign-in, and everyone pressing Enroll at once. */
import os from 'node:os';
import type { Executor } from '../db/executor';
import { AppNotBuilt, startAppServers, type AppServers } from './app-server';
import type { BenchData, BenchStudent } from './data';
import { ApiUnavailable } from './http';
import type { BenchOptions } from './options';
import type { Progress } from './progress';
import type { EndToEnd, EndToEndStreams } from './results';
import { startBareEnroll } from './bare-enroll';
import { floor, rush, signInAll, warmUp, type RushResult } from './rush';
import { measureSets, SET_CLIENTS, type SetsResult } from './sets';
import { measureStreams } from './streams';

interface Inputs {
  options: BenchOptions;
  /** App servers to start (ignored with --base-url: the ones given). */
  instances: number;
  /** Whether this run also measures the live seats streams (once per bench run). */
  withStreams: boolean;
  databaseUrl: string;
  db: Executor;
  data: BenchData;
  students: readonly BenchStudent[];
  progress: Progress;
}

export async function runEndToEnd({
  options,
  instances,
  withStreams,
  databaseUrl,
  db,
  data,
  students,
  progress,
}: Inputs): Promise<EndToEnd> {
  let servers: AppServers | undefined;
  try {
    progress.step(
      options.baseUrl
        ? `end to end: using ${options.baseUrl.join(', ')}`
        : `end to end: starting ${instances} × app server (server/main.ts)`,
    );
    servers = options.baseUrl
      ? { bases: options.baseUrl, pids: [], stop: async () => {} }
      : await startAppServers(databaseUrl, instances, options.appPool);

    progress.step(`end to end: signing in ${students.length} students`);
    let signed = 1;
    const signedIn = await signInAll(servers.bases, students, () => {
      if (++signed % 25 === 0) progress.note(`end to end: signed in ${signed}/${students.length}`);
    });

    progress.step('end to end: rehearsal (untimed), then the app floor');
    await warmUp(data, signedIn);
    const probeSection = await data.section(options.capacity);
    const floors = [
      await floor('GET /api/health (SELECT 1, no session)', signedIn, (base) => `${base}/api/health`),
      await floor('GET /api/sections/{id} (session + one read)', signedIn, (base) => `${base}/api/sections/${probeSection}`),
    ];

    const loadAverage = os.loadavg()[0]!;
    progress.step(`end to end: ${students.length} students, one section of ${options.capacity}`);
    const hot = await rush(db, 'hot', signedIn, [await data.section(options.capacity)], options.capacity);

    progress.step(`end to end: the same rush as the section page's Enroll sends it (browser headers, CSRF checked)`);
    const page = await rush(db, 'page', signedIn, [await data.section(options.capacity)], options.capacity);

    // The app tier's own ceiling: the same rush at the enroll statement behind a bare Node http server.
    let bare: RushResult | { error: string } = { error: options.quick ? 'not with --quick' : 'measured in the first run' };
    if (withStreams && !options.baseUrl && !options.quick) {
      progress.step('end to end: the same rush at a bare Node http + postgres.js enroll (no Next.js, no session)');
      const server = await startBareEnroll(databaseUrl, options.appPool);
      try {
        const targets = signedIn.map((s) => ({ ...s, base: server.base }));
        bare = await rush(db, 'bare', targets, [await data.section(options.capacity)], options.capacity);
      } catch (error) {
        bare = { error: error instanceof Error ? error.message : String(error) };
      } finally {
        await server.stop();
      }
    }

    progress.step(`end to end: ${students.length} students over ${options.sections} sections`);
    const spread = await rush(db, 'spread', signedIn, await data.sections(options.sections, options.capacity), options.capacity);

    let sets: SetsResult | { error: string } = { error: 'measured in the first run' };
    if (withStreams) {
      progress.step(
        `end to end: a lecture and its lab per POST /api/enrollments against single sections, ${SET_CLIENTS} in flight`,
      );
      sets = await measureSets(db, data, signedIn).catch((error: unknown) => ({
        error: error instanceof Error ? error.message : String(error),
      }));
    }

    let streams: EndToEndStreams;
    const pid = servers.pids[0];
    if (!withStreams || !options.streams) streams = { error: withStreams ? 'skipped' : 'measured in the first run' };
    else if (!pid) streams = { error: 'needs an app server the bench started' };
    else {
      progress.step(`end to end: ${options.streams} live seats streams on one app server`);
      // The timed changes: signed-in students take seats in the streams' sections (0-credit, own courses).
      const holders = signedIn.slice(0, 5).map((s) => s.student);
      streams = await measureStreams({
        base: servers.bases[0]!,
        pid,
        db,
        data,
        signedIn,
        streams: options.streams,
        holders,
        quick: options.quick,
      }).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
    }

    const appPool = options.baseUrl ? "the running app's" : (options.appPool?.toString() ?? 'app default');
    return {
      status: 'ok',
      instances: servers.bases.length,
      bases: servers.bases,
      appPool,
      floors,
      hot,
      page,
      bare,
      spread,
      streams,
      sets,
      loadAverage,
    };
  } catch (error) {
    if (error instanceof ApiUnavailable || error instanceof AppNotBuilt) {
      return { status: 'unavailable', instances, reason: error.message };
    }
    return { status: 'failed', instances, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await servers?.stop();
  }
}
