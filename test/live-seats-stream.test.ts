/**
 * The browser's live-seats transport (lib/live/seats-stream.ts) against a scripted EventSource: what it applies,
 * what it announces, when it clears a stale announcement, and when it falls back to polling.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveSeats } from '../lib/live/seats';
import { ANNOUNCE_EVERY_MS, FAILURES_BEFORE_POLLING, followSeats } from '../lib/live/seats-stream';

/** One scripted stream: the test sends its events and errors. */
class ScriptedSource {
  static readonly CLOSED = 2;
  static opened: ScriptedSource[] = [];
  readyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    ScriptedSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.readyState = ScriptedSource.CLOSED;
  }
  send(views: LiveSeats[]) {
    for (const listener of this.listeners.get('seats') ?? []) listener({ data: JSON.stringify(views) } as MessageEvent<string>);
  }
}

const view = (myPosition: number | null, length: number, seatsLeft = 0): LiveSeats => ({
  id: 7,
  capacity: 30,
  enrolledCount: 30 - seatsLeft,
  seatsLeft,
  waitlist: { capacity: 5, length },
  myPosition,
});

function follow(fetch: typeof globalThis.fetch = vi.fn()) {
  const announced: string[] = [];
  const seen: ReadonlyMap<number, LiveSeats>[] = [];
  const stop = followSeats({
    sections: '7',
    labels: () => ({ 7: 'CS 101-001' }),
    onSeats: (seats) => seen.push(seats),
    onAnnounce: (text) => announced.push(text),
    EventSource: ScriptedSource as unknown as typeof EventSource,
    fetch,
  });
  return { announced, seen, stop, stream: () => ScriptedSource.opened.at(-1)! };
}

beforeEach(() => {
  ScriptedSource.opened = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('live seats transport', () => {
  it('applies the first view silently, then announces the place moving up once', () => {
    const { announced, seen, stream, stop } = follow();
    expect(stream().url).toBe('/api/live?sections=7');
    stream().send([view(2, 2)]);
    expect(seen.at(-1)?.get(7)?.myPosition).toBe(2);
    vi.advanceTimersByTime(ANNOUNCE_EVERY_MS);
    expect(announced).toEqual([]);
    stream().send([view(1, 1)]);
    vi.advanceTimersByTime(ANNOUNCE_EVERY_MS);
    expect(announced).toEqual(['CS 101-001: you are now number 1 of 1 on the waitlist.']);
    stop();
  });

  it('clears the announcement at once when the student no longer waits, and drops what was pending', () => {
    const { announced, stream, stop } = follow();
    stream().send([view(2, 2)]);
    stream().send([view(1, 1)]);
    vi.advanceTimersByTime(ANNOUNCE_EVERY_MS);
    expect(announced.at(-1)).toContain('number 1 of 1');
    // Someone else leaves (pending), then the student leaves the line before it is announced.
    stream().send([view(1, 2)]);
    stream().send([view(null, 1)]);
    expect(announced.at(-1)).toBe('');
    vi.advanceTimersByTime(ANNOUNCE_EVERY_MS * 2);
    expect(announced.at(-1)).toBe('');
    stop();
  });

  it('polls the seats after repeated stream failures', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ sections: [view(3, 3)] }), { status: 200 }));
    const { seen, stream, stop } = follow(fetch as unknown as typeof globalThis.fetch);
    for (let i = 0; i < FAILURES_BEFORE_POLLING; i += 1) stream().onerror?.();
    expect(stream().readyState).toBe(ScriptedSource.CLOSED);
    await vi.waitFor(() => expect(seen.at(-1)?.get(7)?.myPosition).toBe(3));
    expect(fetch).toHaveBeenCalledWith('/api/live/seats?sections=7', { cache: 'no-store' });
    stop();
  });
});
