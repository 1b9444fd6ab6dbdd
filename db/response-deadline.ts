/**
 * A socket to PostgreSQL (or PgBouncer) that gives up on a server that owes an answer and sends nothing.
 * statement_timeout is enforced by the server, so it cannot help when the server itself is frozen (SIGSTOP,
 * a hung VM, a black-holed network): the kernel still accepts our bytes and nothing ever comes back. Here,
 * once we have written and the server's last message was not ReadyForQuery, silence for `deadlineMs` destroys
 * the socket; postgres.js then fails the queries on it (RESPONSE_DEADLINE, an 'unavailable' answer) and opens
 * a fresh connection for the next one. An idle connection (last message ReadyForQuery) is never cut.
 * Plain TCP only: under TLS the bytes seen here are encrypted, so db/client.ts does not use it there.
 */
import net from 'node:net';

export class ResponseDeadlineError extends Error {
  readonly code = 'RESPONSE_DEADLINE';
  constructor(deadlineMs: number) {
    super(`the database sent nothing for ${deadlineMs} ms while a query was waiting for it`);
  }
}

// ReadyForQuery: 'Z', Int32 length 5, one status byte (I, T or E). It ends every answer the server owes.
const READY_FOR_QUERY = [0x5a, 0, 0, 0, 5];

function endsWithReadyForQuery(tail: Buffer): boolean {
  if (tail.length < 6) return false;
  return READY_FOR_QUERY.every((byte, i) => tail[tail.length - 6 + i] === byte);
}

export function socketWithResponseDeadline(host: string, port: number, deadlineMs: number): net.Socket {
  const socket = net.connect({ host, port });
  let owed = false;
  let tail = Buffer.alloc(0);
  let timer: NodeJS.Timeout | undefined;
  const cut = () => socket.destroy(new ResponseDeadlineError(deadlineMs));
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(cut, deadlineMs);
    timer.unref();
  };

  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((...args: unknown[]) => {
    owed = true;
    arm();
    return write(...args);
  }) as typeof socket.write;

  socket.on('data', (chunk: Buffer) => {
    tail = Buffer.concat([tail, chunk.subarray(-6)]).subarray(-6);
    if (endsWithReadyForQuery(tail)) {
      owed = false;
      clearTimeout(timer);
    } else if (owed) {
      arm(); // the server is still talking: a long answer is statement_timeout's business
    }
  });
  socket.once('close', () => clearTimeout(timer));
  return socket;
}
