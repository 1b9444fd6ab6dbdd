/** The built app under test: production servers (server/main.ts) that the bench starts and stops itself. */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, stopChild } from '../db/tooling/embedded';
import { PROJECT_ROOT } from '../db/tooling/local-database';
import { isBuilt, productionServer } from '../server/command';
import { request } from './http';

export interface AppServers {
  bases: string[];
  /** The app server processes, by base (none for an app the bench did not start). */
  pids: number[];
  stop(): Promise<void>;
}

export class AppNotBuilt extends Error {}

async function waitHealthy(base: string, child: ChildProcess, output: () => string) {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the app server exited (${child.exitCode}): ${output().slice(-800)}`);
    try {
      if ((await request(`${base}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the app server did not become healthy at ${base}/api/health within 90 s`);
}

/** Starts `count` app servers on one database and one session secret, so a session works on any of them. */
export async function startAppServers(databaseUrl: string, count: number, poolMax: number | undefined): Promise<AppServers> {
  if (!isBuilt()) {
    throw new AppNotBuilt('the app is not built (.next/BUILD_ID or .next/server-main.mjs is missing): run `npm run build` first');
  }
  const secret = crypto.randomBytes(32).toString('base64url');
  const children: ChildProcess[] = [];
  const bases: string[] = [];
  const pids: number[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child, 10_000)));
  };
  try {
    for (let i = 0; i < count; i++) {
      // BENCH_APP_PORT: the first server's port (then +1), for a machine where each user has their own ports.
      const preferred = process.env.BENCH_APP_PORT ? Number(process.env.BENCH_APP_PORT) + i : undefined;
      const port = await freePort(preferred);
      let output = '';
      // BENCH_CPU_PROF=DIR: each server writes a V8 CPU profile there when it stops (scripts/profile-summary.ts).
      const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
      const server = productionServer(['-p', String(port), '-H', '127.0.0.1'], profile);
      const child = spawn(server.command, server.args, {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          NODE_ENV: 'production',
          DATABASE_URL: databaseUrl,
          AUTH_SECRET: secret,
          AUTH_TRUST_HOST: 'true',
          NEXT_TELEMETRY_DISABLED: '1',
          ...(poolMax ? { DB_POOL_MAX: String(poolMax) } : {}),
        },
      });
      const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      children.push(child);
      const base = `http://127.0.0.1:${port}`;
      await waitHealthy(base, child, () => output);
      bases.push(base);
      pids.push(child.pid!);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { bases, pids, stop };
}
