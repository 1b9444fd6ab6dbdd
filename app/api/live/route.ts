import { seatsPoller } from '@/lib/live/seats-poller';
import { LIVE_HEARTBEAT_MS, LIVE_RETRY_MS, type LiveSeats } from '@/lib/live/seats';
import { liveQuery } from '@/lib/web/live-query';
import { errorResponse, route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/live?sections=1,2,3: a Server-Sent Events stream of those sections' seats (docs/decisions/0013).
 * `event: seats` carries the sections whose view changed (all of them first); `event: end` says the session ended.
 */
export const GET = route({ roles: [], query: liveQuery }, async ({ user, claims, query: { sections }, request }) => {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let eventId = 0;
  const write = (text: string) => {
    try {
      controller?.enqueue(encoder.encode(text));
    } catch {
      close(); // the stream was already closed by the other side
    }
  };
  const unsubscribe = seatsPoller().subscribe({
    sections,
    studentId: user.role === 'student' ? user.id : null,
    claims,
    send: (changed: LiveSeats[]) => write(`id: ${++eventId}\nevent: seats\ndata: ${JSON.stringify(changed)}\n\n`),
    end: () => {
      write(`event: end\ndata: ${JSON.stringify({ error: 'unauthenticated' })}\n\n`);
      close();
    },
  });
  if (!unsubscribe) return errorResponse('too_many_streams');

  let heartbeat: ReturnType<typeof setInterval> | undefined;
  function close() {
    unsubscribe?.();
    clearInterval(heartbeat);
    request.signal.removeEventListener('abort', close);
    const open = controller;
    controller = null;
    try {
      open?.close();
    } catch {
      // already closed or cancelled
    }
  }

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      // Sent at once, so the headers and the first bytes leave now (and the browser learns the retry delay).
      write(`retry: ${LIVE_RETRY_MS}\n: open\n\n`);
      heartbeat = setInterval(() => write(': heartbeat\n\n'), LIVE_HEARTBEAT_MS);
      request.signal.addEventListener('abort', close);
    },
    cancel: close,
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: Next's compression (and any proxy) leaves the stream alone, so each event leaves at once.
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    },
  });
});
