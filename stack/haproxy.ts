/**
 * HAProxy (Debian's 2.6) in front of the app servers: round robin, health checks on /api/health, and a retry on
 * another server only when the connection itself failed (the request was never sent, so it cannot have enrolled
 * anyone). A request that dies on the wire is answered 502; the client's retry gets the honest answer
 * (already_enrolled, section_full or 201).
 */
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../db/tooling/embedded';
import { startProcess, waitUntil, type ManagedProcess, type RunAs } from './managed-process';
import { findBinary } from './system';

export interface HaproxyOptions {
  port: number;
  appPorts: number[];
  dir: string;
  runAs: RunAs | undefined;
  onLine?: (line: string) => void;
}

export interface Haproxy {
  url: string;
  statsUrl: string;
  /** Each app server's state as HAProxy sees it: UP, DOWN, … (from the stats CSV). */
  serverStates(): Promise<Record<string, string>>;
  stop(): Promise<void>;
  process: ManagedProcess;
}

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
  timeout http-request 10s
  # Below Node's keepAliveTimeout (65 s): the balancer drops an idle socket before the server would.
  timeout http-keep-alive 10s
  timeout queue 5s
  # A check that gets no answer at all in 5 s means the process is stuck; a slow one under load is not.
  timeout check 5s
  retries 2
  option redispatch
  retry-on conn-failure

frontend www
  bind 127.0.0.1:${port}
  # Auth.js (AUTH_TRUST_HOST) builds its redirects from these: the balancer's address, not an app server's.
  option forwardfor
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  http-request set-header X-Forwarded-Proto http
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
`;
}

export async function startHaproxy(options: HaproxyOptions): Promise<Haproxy> {
  const binary = findBinary('haproxy');
  const statsPort = await freePort();
  const file = path.join(options.dir, 'haproxy.cfg');
  fs.writeFileSync(file, haproxyConfig(options.port, statsPort, options.appPorts), { mode: 0o644 });
  const child = startProcess('haproxy', binary, ['-db', '-f', file], {
    cwd: options.dir,
    runAs: options.runAs,
    onLine: options.onLine,
  });
  const statsUrl = `http://127.0.0.1:${statsPort}/`;
  const serverStates = async () => {
    const csv = await (await fetch(`${statsUrl};csv`)).text();
    const states: Record<string, string> = {};
    for (const line of csv.split('\n')) {
      const [proxy, server, ...rest] = line.split(',');
      if (proxy === 'app' && server && server !== 'BACKEND' && server !== 'FRONTEND') states[server] = rest[15] ?? '';
    }
    return states;
  };
  await waitUntil('HAProxy', async () => Object.keys(await serverStates()).length === options.appPorts.length, child, 20_000);
  return { url: `http://127.0.0.1:${options.port}`, statsUrl, serverStates, stop: () => child.stop('SIGTERM'), process: child };
}
