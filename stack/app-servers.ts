/** The built app, its production server (server/main.ts) N times, each through PgBouncer with its share of the database connections. */
import { freePort } from '../db/tooling/embedded';
import { PROJECT_ROOT } from '../db/tooling/local-database';
import { productionServer } from '../server/command';
import { startProcess, waitUntil, type ManagedProcess } from './managed-process';

export interface AppServerOptions {
  databaseUrl: string;
  authSecret: string;
  poolMax: number;
  /** The balancer's URL, the one people use: Auth.js's AUTH_URL (lib/web/edge-trust.ts). */
  publicUrl: string;
  /** What the balancer adds to every request it forwards: BALANCER_SECRET. */
  balancerSecret: string;
  onLine?: (server: string, line: string) => void;
}

export interface AppServer {
  name: string;
  port: number;
  url: string;
  process(): ManagedProcess;
  /** Starts it again after a kill, on the same port. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function healthStatus(url: string, timeoutMs = 2000): Promise<number> {
  try {
    return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(timeoutMs) })).status;
  } catch {
    return 0;
  }
}

/**
 * The app server loads a route's code on its first request, and on two busy cores that can stall the event loop
 * for seconds: long enough for the balancer's health checks to fail on a server that just joined. So each
 * server answers the pages and API routes a rush uses once before the balancer sends it anyone.
 */
async function warmUp(url: string) {
  const paths = [
    '/login',
    '/api/auth/csrf',
    '/api/auth/session',
    '/api/auth/providers',
    '/sections',
    '/schedule',
    '/api/sections/1',
  ];
  for (const p of paths) await fetch(`${url}${p}`, { redirect: 'manual', signal: AbortSignal.timeout(30_000) }).catch(() => {});
  await fetch(`${url}/api/sections/1/enrollments`, { method: 'POST', signal: AbortSignal.timeout(30_000) }).catch(() => {});
}

export async function startAppServer(name: string, options: AppServerOptions): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let current: ManagedProcess | undefined;
  const start = async () => {
    const server = productionServer(
      // keepAliveTimeout above the balancer's http-keep-alive (stack/haproxy.ts), so it never reuses a socket we are closing.
      ['-p', String(port), '-H', '127.0.0.1', '--keepAliveTimeout', '65000'],
    );
    current = startProcess(name, server.command, server.args, {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        DATABASE_URL: options.databaseUrl,
        // PgBouncer 1.18 in transaction mode cannot keep a named prepared statement with its client.
        DB_PREPARE: 'false',
        DB_POOL_MAX: String(options.poolMax),
        AUTH_SECRET: options.authSecret,
        AUTH_TRUST_HOST: 'true',
        AUTH_URL: options.publicUrl,
        BALANCER_SECRET: options.balancerSecret,
      },
      onLine: options.onLine && ((line) => options.onLine!(name, line)),
    });
    await waitUntil(`app server ${name}`, async () => (await healthStatus(url)) === 200, current, 90_000);
    await warmUp(url);
  };
  await start();
  return {
    name,
    port,
    url,
    process: () => current!,
    start,
    stop: () => current!.stop('SIGTERM'),
  };
}
