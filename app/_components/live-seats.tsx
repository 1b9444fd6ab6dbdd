'use client';

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { LIVE_MAX_SECTIONS, type LiveSeats } from '@/lib/live/seats';
import { followSeats } from '@/lib/live/seats-stream';
import { SeatsBar } from './seats-bar';

const LiveSeatsContext = createContext<ReadonlyMap<number, LiveSeats>>(new Map());

/**
 * Keeps the given sections' seats current (docs/decisions/0013) through lib/live/seats-stream.ts, and holds the
 * polite live region its summaries are announced in. `labels` names the sections in announcements ("CS 101-001").
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
    return followSeats({
      sections: key,
      labels: () => labelsRef.current,
      onSeats: setSeats,
      onAnnounce: (text) => setAnnouncement((a) => ({ text, key: a.key + 1 })),
    });
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
