/**
 * A form post (a server action) sent chunked, without a length, is read here up to the action limit before Next.js
 * sees it (docs/decisions/0019): Next.js would read it too, but answer one past its bodySizeLimit with a 500. One
 * within the limit goes on with its length; a larger one is answered 413, and the rest of it read and dropped so
 * that the answer arrives (the request deadline bounds that).
 */
import http from 'node:http';
import { ACTION_BODY_LIMIT, READ_ONLY_METHODS } from '../lib/web/request-guards';

const needsLength = (req: http.IncomingMessage) =>
  !READ_ONLY_METHODS.has(req.method ?? 'GET') &&
  req.headers['transfer-encoding'] !== undefined &&
  req.headers['content-length'] === undefined &&
  !req.url?.startsWith('/api/');

/** The request as Next.js should get it, or null when it has been answered here. */
export async function withBodyLength(req: http.IncomingMessage, res: http.ServerResponse): Promise<http.IncomingMessage | null> {
  if (!needsLength(req)) return req;
  const chunks: Buffer[] = [];
  let size = 0;
  const tooLarge = await new Promise<boolean>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= ACTION_BODY_LIMIT) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      resolve(true);
    };
    req.on('data', onData);
    req.once('end', () => resolve(false));
    req.once('error', reject);
  });
  if (tooLarge) {
    res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' }).end('The request body is too large');
    return null;
  }
  const body = Buffer.concat(chunks);
  const replay = new http.IncomingMessage(req.socket);
  replay.method = req.method;
  replay.url = req.url;
  replay.httpVersion = req.httpVersion;
  replay.httpVersionMajor = req.httpVersionMajor;
  replay.httpVersionMinor = req.httpVersionMinor;
  const headers = { ...req.headers, 'content-length': String(body.byteLength) };
  delete headers['transfer-encoding'];
  replay.headers = headers;
  replay.rawHeaders = Object.entries(headers).flatMap(([key, value]) =>
    [value ?? '']
      .flat()
      .map((v) => [key, v])
      .flat(),
  );
  replay.push(body);
  replay.push(null);
  return replay;
}
