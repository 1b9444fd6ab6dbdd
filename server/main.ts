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
import { API_HEADERS, SECURITY_HEADERS } from '../lib/web/security-headers';
import { parseCommandLine, usageError } from '../scripts/command-line';
import { withBodyLength } from './chunked-body';
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

/**
 * How long a client may take to send its request (docs/decisions/0019): the headers within 10 s and the whole
 * request within 10 s, checked every second (Node's defaults are 60 s and 5 minutes, checked every 30 s). The
 * balancer's `timeout http-request` (stack/haproxy.ts) is the same 10 s, over the buffered body too.
 */
const REQUEST_DEADLINE_MS = 10_000;

const server = http.createServer(
  { requestTimeout: REQUEST_DEADLINE_MS, headersTimeout: REQUEST_DEADLINE_MS, connectionsCheckingInterval: 1_000 },
  (req, res) => {
    // Every answer carries the security headers, also those Next.js makes without its config (a 308, its own 400 or
    // 500): next.config.ts and the route pipeline set the same values again where they answer.
    for (const { key, value } of req.url?.startsWith('/api/') ? [...SECURITY_HEADERS, ...API_HEADERS] : SECURITY_HEADERS) {
      res.setHeader(key, value);
    }
    const direct = directRoute(req);
    if (!direct) {
      withBodyLength(req, res).then(
        (request) => request && handle(request, res),
        () => res.destroy(), // the client went away mid-body
      );
      return;
    }
    direct(req, res).catch((error: unknown) => {
      // The handlers answer every failure themselves; this is the adapter failing (a reset socket, mostly).
      console.error('direct route failed:', error instanceof Error ? error.message : error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"unexpected"}');
      else res.destroy();
    });
  },
);
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
