/**
 * The app tier's own ceiling (issue 24): a bare Node `http` server that runs the app's enroll statement
 * (`enroll()`, postgres.js, the app's pool size) and nothing else: no Next.js, no session, no route pipeline. The
 * student is the path's; it listens on 127.0.0.1 only and lives as long as one bench section.
 *
 *   PORT=… DATABASE_URL=… node --conditions=react-server --import tsx bench/bare-enroll-server.ts
 *   POST /enroll/{sectionId}/{studentId} → 201 {"id"} | 409 {"error"} | 404 | 503
 */
import http from 'node:http';
import { createDatabase } from '../db/client';
import { enroll } from '../db/queries/enrollments';

const database = createDatabase(process.env.DATABASE_URL!, { max: Number(process.env.DB_POOL_MAX ?? 8) });
const PATH = /^\/enroll\/(\d+)\/(\d+)$/;

const server = http.createServer((req, res) => {
  const match = req.method === 'POST' ? PATH.exec(req.url ?? '') : null;
  req.resume();
  const answer = (status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (!match) return answer(404, { error: 'not_found' });
  enroll(Number(match[2]), Number(match[1]), database.db, { duringRegistration: true, withWaitlist: true }).then(
    (result) => (result.ok ? answer(201, { id: result.value.id }) : answer(409, { error: result.reason })),
    () => answer(503, { error: 'unavailable' }),
  );
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void database.close().then(() => process.exit(0));
});
