/**
 * HAProxy (Debian's 2.6) in front of the app servers: round robin, health checks on /api/health, and a retry on
 * another server only when the connection itself failed (the request was never sent, so it cannot have enrolled
 * anyone). A request that dies on the wire is answered 502; the client's retry gets the honest answer
 * (already_enrolled, section_full or 201).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../db/tooling/embedded';
import { startProcess, waitUntil, type ManagedProcess, type RunAs } from './managed-process';
import { SECURITY_HEADERS } from '../lib/web/security-headers';
import { findBinary } from './system';

export interface HaproxyOptions {
  port: number;
  appPorts: number[];
  dir: string;
  runAs: RunAs | undefined;
  onLine?: (line: string) => void;
  /** Added to every forwarded request (lib/web/edge-trust.ts); the app servers get it as BALANCER_SECRET. */
  balancerSecret: string;
}

export interface Haproxy {
  url: string;
  statsUrl: string;
  /** The stats page's Basic credentials (`user:password`): it shows every server, so it is not open. */
  statsCredentials: string;
  /** Each app server's state as HAProxy sees it: UP, DOWN, … (from the stats CSV). */
  serverStates(): Promise<Record<string, string>>;
  stop(): Promise<void>;
  process: ManagedProcess;
}

/**
 * The edge of the stack (docs/decisions/0019), kept apart from the balancing below: the balancer's own answers
 * carry the app's security headers, the secret that tells an app server a request came through here, and the
 * stats page behind a password. Both secrets reach HAProxy through its environment, never the config file.
 */
const ERROR_HEADERS = SECURITY_HEADERS.map(({ key, value }) => `hdr ${key} "${value}"`).join(' ');
const EDGE_DEFAULTS = [400, 408, 413, 500, 502, 503, 504]
  .map((status) => `  http-error status ${status} ${ERROR_HEADERS}`)
  .join('\n');
const EDGE_FRONTEND = `  # Only what comes through here is believed about the client (X-Forwarded-For): the app checks this header.
  http-request set-header X-Curriculab-Balancer "\${CURRICULAB_BALANCER_SECRET}"`;
const EDGE_STATS = `  stats auth "curriculab:\${CURRICULAB_STATS_PASSWORD}"`;

export function haproxyConfig(port: number, statsPort: number, appPorts: number[]): string {
  const servers = appPorts.map((p, i) => `  server app${i + 1} 127.0.0.1:${p} check`).join('\n');
  return `# Written by the Curriculab stack (stack/haproxy.ts) for one run.
global
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  # Both are idle timeouts: a live seats stream (GET /api/live) sends a heartbeat every 15 s, so it stays open
  # through them (docs/decisions/0013). \`timeout tunnel\` would not apply: an event stream is a plain response.
  # Longer than the app's slowest honest answer (acquire 2 s + statement 3 s + 1 s grace): a deadline answers 503 first.
  timeout server 30s
  timeout client 30s
  # The whole request, headers and body, within 10 s, as on the app servers (server/main.ts): the body is
  # buffered here first (every body the app accepts is a few KB), so a client sending a byte at a time is cut off.
  option http-buffer-request
  timeout http-request 10s
  # Below Node's keepAliveTimeout (65 s): the balancer drops an idle socket before the server would.
  timeout http-keep-alive 10s
  timeout queue 5s
  # A check that gets no answer at all in 5 s means the process is stuck; a slow one under load is not.
  timeout check 5s
  retries 2
  option redispatch
  retry-on conn-failure
${EDGE_DEFAULTS}

frontend www
  bind 127.0.0.1:${port}
  # Next.js compares a server action's Origin with these; Auth.js and the app use AUTH_URL (lib/web/edge-trust.ts).
  option forwardfor
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  http-request set-header X-Forwarded-Proto http
${EDGE_FRONTEND}
  default_backend app

backend app
  balance roundrobin
  option httpchk GET /api/health
  http-check expect status 200
  # Out after 3 failed checks in a row (about 3 s): a server busy with a burst of sign-ins (argon2) is not taken
  # out for one slow check. A dead server costs nothing meanwhile: its refused connections are retried on another.
  default-server inter 2s fastinter 1s downinter 1s fall 3 rise 2
${servers}

listen stats
  bind 127.0.0.1:${statsPort}
  stats enable
  stats uri /
${EDGE_STATS}
`;
}

export async function startHaproxy(options: HaproxyOptions): Promise<Haproxy> {
  const binary = findBinary('haproxy');
  const statsPort = await freePort();
  const file = path.join(options.dir, 'haproxy.cfg');
  fs.writeFileSync(file, haproxyConfig(options.port, statsPort, options.appPorts), { mode: 0o644 });
  const statsPassword = crypto.randomBytes(18).toString('base64url');
  const child = startProcess('haproxy', binary, ['-db', '-f', file], {
    cwd: options.dir,
    env: { ...process.env, CURRICULAB_BALANCER_SECRET: options.balancerSecret, CURRICULAB_STATS_PASSWORD: statsPassword },
    runAs: options.runAs,
    onLine: options.onLine,
  });
  const statsUrl = `http://127.0.0.1:${statsPort}/`;
  const statsCredentials = `curriculab:${statsPassword}`;
  const serverStates = async () => {
    const authorization = `Basic ${Buffer.from(statsCredentials).toString('base64')}`;
    const csv = await (await fetch(`${statsUrl};csv`, { headers: { authorization } })).text();
    const states: Record<string, string> = {};
    for (const line of csv.split('\n')) {
      const [proxy, server, ...rest] = line.split(',');
      if (proxy === 'app' && server && server !== 'BACKEND' && server !== 'FRONTEND') states[server] = rest[15] ?? '';
    }
    return states;
  };
  await waitUntil('HAProxy', async () => Object.keys(await serverStates()).length === options.appPorts.length, child, 20_000);
  return {
    url: `http://127.0.0.1:${options.port}`,
    statsUrl,
    statsCredentials,
    serverStates,
    stop: () => child.stop('SIGTERM'),
    process: child,
  };
}
