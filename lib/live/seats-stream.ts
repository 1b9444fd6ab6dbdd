/**
 * The browser's side of live seats (docs/decisions/0013), apart from React so it can be tested: one EventSource for
 * all of a page's sections, polling GET /api/live/seats when the stream keeps failing, and at most one summary of
 * what changed every few seconds for a polite live region.
 */
import type { LiveSeats } from './seats';

/** Failed stream attempts in a row before the page polls instead; and how long it polls before trying again. */
export const FAILURES_BEFORE_POLLING = 3;
export const POLL_MS = 3_000;
export const POLL_ROUNDS_BEFORE_RETRY = 10;
/** At most one announcement this often: a rush changes counts every second. */
export const ANNOUNCE_EVERY_MS = 5_000;

export interface SeatsStreamOptions {
  /** The sections' ids, comma-separated, as the stream's query takes them. */
  sections: string;
  /** The sections' names in announcements ("CS 101-001"), read when an announcement is made. */
  labels: () => Record<number, string>;
  /** Every view known so far, after each change. */
  onSeats: (seats: ReadonlyMap<number, LiveSeats>) => void;
  /** The live region's new text; '' clears it (a place in line that ended is no longer news). */
  onAnnounce: (text: string) => void;
  /** The browser's, unless a test gives its own. */
  EventSource?: typeof EventSource;
  fetch?: typeof fetch;
}

/** Starts following; the returned function stops (the page unmounts or its sections change). */
export function followSeats(options: SeatsStreamOptions): () => void {
  const Source = options.EventSource ?? globalThis.EventSource;
  const get = options.fetch ?? globalThis.fetch.bind(globalThis);
  let stopped = false;
  let source: EventSource | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  let lastAnnounced = 0;
  let failures = 0;
  let known: Map<number, LiveSeats> | null = null;
  const pending = new Map<number, { before: LiveSeats; after: LiveSeats }>();

  const announce = () => {
    announceTimer = undefined;
    const text = summarise([...pending.values()], options.labels());
    pending.clear();
    if (!text) return;
    lastAnnounced = Date.now();
    options.onAnnounce(text);
  };
  const apply = (changed: LiveSeats[]) => {
    const first = known === null;
    const next = new Map(known ?? []);
    let placeEnded = false;
    for (const view of changed) {
      const before = next.get(view.id);
      next.set(view.id, view);
      if (first || !before) continue;
      if (before.myPosition != null && view.myPosition === null) placeEnded = true;
      const entry = pending.get(view.id);
      pending.set(view.id, { before: entry?.before ?? before, after: view });
    }
    known = next;
    options.onSeats(next);
    if (placeEnded) {
      // "You are now number 1 of 1" must not stay in the region after the student left the line (or got the seat).
      clearTimeout(announceTimer);
      announceTimer = undefined;
      pending.clear();
      options.onAnnounce('');
      return;
    }
    if (pending.size && !announceTimer) {
      announceTimer = setTimeout(announce, Math.max(1_000, lastAnnounced + ANNOUNCE_EVERY_MS - Date.now()));
    }
  };

  const connect = () => {
    if (stopped) return;
    const stream = new Source(`/api/live?sections=${options.sections}`);
    source = stream;
    stream.addEventListener('seats', (event) => {
      failures = 0;
      apply(JSON.parse((event as MessageEvent<string>).data) as LiveSeats[]);
    });
    stream.addEventListener('end', () => {
      // The session ended: nothing more to follow until the person signs in again.
      stream.close();
      stopped = true;
    });
    stream.onopen = () => {
      failures = 0;
    };
    stream.onerror = () => {
      failures += 1;
      // CLOSED: refused (401, 429…) and never retried by the browser; otherwise it reconnects by itself.
      if (stream.readyState === Source.CLOSED || failures >= FAILURES_BEFORE_POLLING) {
        stream.close();
        source = null;
        poll(POLL_ROUNDS_BEFORE_RETRY);
      }
    };
  };

  const poll = (roundsLeft: number) => {
    if (stopped) return;
    if (roundsLeft === 0) {
      failures = 0;
      connect();
      return;
    }
    get(`/api/live/seats?sections=${options.sections}`, { cache: 'no-store' })
      .then(async (response) => {
        // Signed out, or a request this page will never get right: polling again would not help.
        if (response.status >= 400 && response.status < 500) stopped = true;
        if (response.ok) apply(((await response.json()) as { sections: LiveSeats[] }).sections);
      })
      .catch(() => {})
      .finally(() => {
        pollTimer = setTimeout(() => poll(roundsLeft - 1), POLL_MS);
      });
  };

  connect();
  return () => {
    stopped = true;
    source?.close();
    clearTimeout(pollTimer);
    clearTimeout(announceTimer);
  };
}

/** Worded apart from the page's own "2 seats left", so the announcement is not a second copy of it. */
function seatsText(view: LiveSeats): string {
  return view.seatsLeft === 0
    ? 'is now full'
    : view.seatsLeft === 1
      ? 'now has 1 open seat'
      : `now has ${view.seatsLeft} open seats`;
}

/** One sentence for everything that changed since the last announcement; the student's own place comes first. */
export function summarise(changes: { before: LiveSeats; after: LiveSeats }[], labels: Record<number, string>): string {
  const moved = changes.find(({ before, after }) => after.myPosition != null && after.myPosition !== before.myPosition);
  if (moved) {
    const { id, myPosition, waitlist } = moved.after;
    return `${labels[id] ?? 'Waitlist'}: you are now number ${myPosition} of ${waitlist.length} on the waitlist.`;
  }
  const seatChanges = changes.filter(({ before, after }) => seatsText(before) !== seatsText(after));
  if (seatChanges.length === 1) {
    const { after } = seatChanges[0]!;
    return `${labels[after.id] ?? 'The section'} ${seatsText(after)}.`;
  }
  if (seatChanges.length > 1) return `Seats changed in ${seatChanges.length} sections.`;
  return '';
}
