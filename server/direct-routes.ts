/**
 * The routes server/main.ts answers without Next.js's router and request machinery (docs/decisions/0016): the
 * route file's own exported handlers, as `next build` compiled them, called with a standard Request. Everything
 * else, and any request these patterns do not match exactly, goes to Next.js.
 */
import type http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { API_HEADERS, SECURITY_HEADERS } from '../lib/web/security-headers';

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

interface DirectRoute {
  /** The route file under app/, as `next build` names its compiled output. */
  file: string;
  pattern: RegExp;
  methods: string[];
}

/** The registration rush's own requests: Enroll (and Drop), docs/decisions/0016. */
const DIRECT_ROUTES: DirectRoute[] = [
  {
    file: 'api/sections/[id]/enrollments/route',
    pattern: /^\/api\/sections\/([^/?#]+)\/enrollments(?:\?.*)?$/,
    methods: ['POST', 'DELETE'],
  },
];

/** Every response of these routes carries what next.config.ts adds to /api/ (docs/decisions/0010). */
const RESPONSE_HEADERS = Object.fromEntries(
  [...SECURITY_HEADERS, ...API_HEADERS].map(({ key, value }) => [key.toLowerCase(), value]),
);

interface CompiledRoute {
  routeModule?: { ensureUserland?: () => Promise<void>; userland?: Record<string, unknown> };
}

export type DirectHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/**
 * Loads the compiled handlers once, at start-up. A build whose output does not have the shape relied on here (a
 * Next.js upgrade) stops the server with the reason, rather than quietly serving the rush through the slow path.
 */
export async function loadDirectRoutes(distDir: string): Promise<(req: http.IncomingMessage) => DirectHandler | undefined> {
  const require = createRequire(import.meta.url);
  const loaded = await Promise.all(
    DIRECT_ROUTES.map(async (route) => {
      const compiled = require(path.join(distDir, 'server', 'app', `${route.file}.js`)) as CompiledRoute;
      const routeModule = compiled.routeModule;
      if (typeof routeModule?.ensureUserland !== 'function') {
        throw new Error(`${route.file}: the compiled route has no routeModule.ensureUserland (a Next.js change?)`);
      }
      await routeModule.ensureUserland();
      const handlers = new Map<string, Handler>();
      for (const method of route.methods) {
        const handler = routeModule.userland?.[method];
        if (typeof handler !== 'function') throw new Error(`${route.file}: the compiled route exports no ${method}`);
        handlers.set(method, handler as Handler);
      }
      return { pattern: route.pattern, handlers };
    }),
  );
  return (req) => {
    const url = req.url ?? '';
    for (const { pattern, handlers } of loaded) {
      const handler = handlers.get(req.method ?? '');
      const id = handler && pattern.exec(url)?.[1];
      if (!handler || id === undefined) continue;
      const param = decodeSegment(id);
      const base = `http://${req.headers.host ?? 'localhost'}`;
      // A segment or a Host that Next.js would refuse or normalise is Next.js's to answer.
      if (param === undefined || !URL.canParse(url, base)) return undefined;
      return (incoming, res) => serve(handler, param, new URL(url, base), incoming, res);
    }
    return undefined;
  };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

async function serve(handler: Handler, id: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse) {
  const body = requestBody(req);
  const response = await handler(toRequest(req, url, body?.stream ?? null), { params: Promise.resolve({ id }) });
  const bytes = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = { ...RESPONSE_HEADERS };
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  headers['content-length'] = String(bytes.byteLength);
  // Answered before the body was all read (413, or refused before reading it): the connection closes after this
  // answer rather than parse the rest as a request, but only once the rest has been read and dropped (a lingering
  // close). Closing at once, under a client still sending, resets the connection, and a reset can discard the
  // answer before the client reads it. The whole answer is written now; the server's request deadline and
  // DRAIN_LIMIT bound the wait.
  if (body && !body.finished()) {
    headers.connection = 'close';
    res.writeHead(response.status, headers);
    res.write(bytes);
    body.drop(() => res.end());
    return;
  }
  res.writeHead(response.status, headers);
  res.end(bytes);
}

/** How much of a refused body is read and dropped before the connection is closed instead. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

/**
 * The body as a web stream read on demand (a handler that stops at its limit stops the reading), without
 * Readable.toWeb, whose cancel destroys the socket before the answer is written.
 */
function requestBody(
  req: http.IncomingMessage,
): { stream: ReadableStream<Uint8Array>; finished(): boolean; drop(then?: () => void): void } | null {
  const declared = req.headers['content-length'];
  if (req.headers['transfer-encoding'] === undefined && (declared === undefined || declared === '0')) {
    req.resume();
    return null;
  }
  let finished = false;
  let stopped = false;
  let drained: (() => void) | undefined;
  const drop = (then?: () => void) => {
    if (then && finished) then();
    else drained ??= then;
    if (stopped) return;
    stopped = true;
    req.removeAllListeners('data');
    let dropped = 0;
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.byteLength;
      if (dropped > DRAIN_LIMIT) req.socket.destroy();
    });
    req.resume();
  };
  req.pause();
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          req.pause();
          controller.enqueue(new Uint8Array(chunk));
        });
        req.once('end', () => {
          finished = true;
          if (!stopped) controller.close();
          drained?.();
        });
        req.once('error', (error) => {
          if (!stopped) controller.error(error);
        });
      },
      pull() {
        req.resume();
      },
      cancel: () => drop(),
    },
    { highWaterMark: 0 },
  );
  return { stream, finished: () => finished, drop };
}

/** The request as a route handler receives it from Next.js: the same URL, headers and (streamed) body. */
function toRequest(req: http.IncomingMessage, url: URL, body: ReadableStream<Uint8Array> | null): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  return new Request(url, {
    method: req.method,
    headers,
    body,
    // @ts-expect-error Node's fetch needs `duplex` for a streamed body; the DOM typings do not know it.
    duplex: 'half',
  });
}
