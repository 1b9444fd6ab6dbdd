'use client';

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { LIVE_MAX_SECTIONS, type LiveSeats } from '@/lib/live/seats';
import { SeatsBar } from './seats-bar';

const LiveSeatsContext = createContext<ReadonlyMap<number, LiveSeats>>(new Map());

/** Failed stream attempts in a row before the page polls instead; and how long it polls before trying again. */
const FAILURES_BEFORE_POLLING = 3;
const POLL_MS = 3_000;
const POLL_ROUNDS_BEFORE_RETRY = 10;
/** At most one announcement this often: a rush changes counts every second. */
const ANNOUNCE_EVERY_MS = 5_000;

/**
 * Keeps the given sections' seats current (docs/decisions/0013): one EventSource per page for all of them, polling
 * GET /api/live/seats when the stream keeps failing, and a polite live region that announces at most one summary of
 * what changed every few seconds. `labels` names the sections in announcements ("CS 101-001").
 */
export function LiveSeatsProvider({
  sections,
  labels,
  children,
}: {
  sections: number[];
  labels: Record<number, string>;
  children: ReactNode;
}) {
  const [seats, setSeats] = useState<ReadonlyMap<number, LiveSeats>>(new Map());
  const [announcement, setAnnouncement] = useState({ text: '', key: 0 });
  // A table longer than a stream may follow keeps its first rows live; the rest show what the page rendered.
  const key = sections.slice(0, LIVE_MAX_SECTIONS).join(',');
  const labelsRef = useRef(labels);
  useEffect(() => {
    labelsRef.current = labels;
  });

  useEffect(() => {
    if (!key) return;
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
      const text = summarise([...pending.values()], labelsRef.current);
      pending.clear();
      if (!text) return;
      lastAnnounced = Date.now();
      setAnnouncement((a) => ({ text, key: a.key + 1 }));
    };
    const apply = (changed: LiveSeats[]) => {
      const first = known === null;
      const next = new Map(known ?? []);
      for (const view of changed) {
        const before = next.get(view.id);
        next.set(view.id, view);
        if (first || !before) continue;
        const entry = pending.get(view.id);
        pending.set(view.id, { before: entry?.before ?? before, after: view });
      }
      known = next;
      setSeats(next);
      if (pending.size && !announceTimer) {
        announceTimer = setTimeout(announce, Math.max(1_000, lastAnnounced + ANNOUNCE_EVERY_MS - Date.now()));
      }
    };

    const connect = () => {
      if (stopped) return;
      source = new EventSource(`/api/live?sections=${key}`);
      source.addEventListener('seats', (event) => {
        failures = 0;
        apply(JSON.parse((event as MessageEvent<string>).data) as LiveSeats[]);
      });
      source.addEventListener('end', () => {
        // The session ended: nothing more to follow until the person signs in again.
        source?.close();
        stopped = true;
      });
      source.onopen = () => {
        failures = 0;
      };
      source.onerror = () => {
        failures += 1;
        // CLOSED: refused (401, 429…) and never retried by the browser; otherwise it reconnects by itself.
        if (source?.readyState === EventSource.CLOSED || failures >= FAILURES_BEFORE_POLLING) {
          source?.close();
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
      fetch(`/api/live/seats?sections=${key}`, { cache: 'no-store' })
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
  }, [key]);

  return (
    <LiveSeatsContext value={seats}>
      {children}
      {/* The region stays mounted (so screen readers watch it); its text is re-keyed so a repeat is announced. */}
      <div aria-live="polite" aria-atomic="true" className="sr-only" data-live-announcer="">
        <span key={announcement.key}>{announcement.text}</span>
      </div>
    </LiveSeatsContext>
  );
}

/** The live view of one section, once the stream has sent it. */
export function useLiveSeats(id: number): LiveSeats | undefined {
  return useContext(LiveSeatsContext).get(id);
}

/** The catalog's and the instructor's "seats taken" cell, following the stream. */
export function LiveSeatsBar({ id, taken, capacity }: { id: number; taken: number; capacity: number }) {
  const live = useLiveSeats(id);
  return <SeatsBar taken={live?.enrolledCount ?? taken} capacity={live?.capacity ?? capacity} />;
}

/** "3 seats left", following the stream. */
export function LiveSeatsLeft({ id, seatsLeft }: { id: number; seatsLeft: number }) {
  const left = useLiveSeats(id)?.seatsLeft ?? seatsLeft;
  return <>{left === 1 ? '1 seat left' : `${left} seats left`}</>;
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
function summarise(changes: { before: LiveSeats; after: LiveSeats }[], labels: Record<number, string>): string {
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

/** The roster's headline count: "12 enrolled of 30 seats", following the stream. */
export function LiveEnrolledCount({ id, taken, capacity }: { id: number; taken: number; capacity: number }) {
  const live = useLiveSeats(id);
  return (
    <>
      <span className="text-2xl font-semibold tabular-nums">{live?.enrolledCount ?? taken}</span> enrolled of{' '}
      {live?.capacity ?? capacity} seats
    </>
  );
}

/** The schedule's "number 2 of 5", following the stream; a promoted student's place ends. */
export function LiveWaitlistPlace({ id, position, length }: { id: number; position: number; length: number }) {
  const live = useLiveSeats(id);
  if (live && live.myPosition === null) return <>no longer waiting</>;
  return (
    <>
      number {live?.myPosition ?? position} of {live?.waitlist.length ?? length}
    </>
  );
}
