/**
 * The production server: what `npm start`, the stack, the bench and the browser tests run after `next build`.
 * Next.js serves every page and route, except the registration rush's own requests (server/direct-routes.ts),
 * which go straight to their route file's compiled handlers: docs/decisions/0016. Takes `next start`'s flags.
 *
 *   node .next/server-main.mjs [-p PORT] [-H HOST] [--keepAliveTimeout MS]   (npm run build compiles it there)
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine, usageError } from '../scripts/command-line';
import { loadDirectRoutes } from './direct-routes';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = 'node .next/server-main.mjs [-p PORT] [-H HOST] [--keepAliveTimeout MS]';
const { values } = parseCommandLine(USAGE, {
  port: { type: 'string', short: 'p', default: process.env.PORT ?? '3000' },
  hostname: { type: 'string', short: 'H', default: '0.0.0.0' },
  keepAliveTimeout: { type: 'string' },
});
const port = Number(values.port);
const hostname = values.hostname!;
if (!Number.isInteger(port) || port < 0 || port > 65535) usageError(USAGE, `-p: not a port: ${values.port}`);

// NODE_ENV must be production before Next.js's modules load (as `next start` sets it): hence the late import.
(process.env as Record<string, string>).NODE_ENV = 'production';
const { default: next } = await import('next');
const app = next({ dev: false, dir: PROJECT_ROOT, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const directRoute = await loadDirectRoutes(path.join(PROJECT_ROOT, '.next'));

const server = http.createServer((req, res) => {
  const direct = directRoute(req);
  if (!direct) {
    void handle(req, res);
    return;
  }
  direct(req, res).catch((error: unknown) => {
    // The handlers answer every failure themselves; this is the adapter failing (a reset socket, mostly).
    console.error('direct route failed:', error instanceof Error ? error.message : error);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"unexpected"}');
    else res.destroy();
  });
});
if (values.keepAliveTimeout !== undefined) server.keepAliveTimeout = Number(values.keepAliveTimeout);

server.listen(port, hostname, () => {
  console.log(`Curriculab (Next.js, direct enroll route) ready on http://${hostname}:${port}`);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // Open streams (live seats) and slow clients do not hold a stop up.
  setTimeout(() => process.exit(0), 3_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
