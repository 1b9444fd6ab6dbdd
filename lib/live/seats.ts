/**
 * What a live seats stream carries for one section (docs/decisions/0013): the counts anyone signed in may read,
 * and, for a student, their own place in line and nobody else's. The same shape as GET /api/sections/{id}.
 */
export interface LiveSeats {
  id: number;
  capacity: number;
  enrolledCount: number;
  seatsLeft: number;
  waitlist: { capacity: number; length: number };
  /** Only on a student's stream: their place (1 = next), or null when they do not wait here. */
  myPosition?: number | null;
}

/** Sections one stream (or one fallback read) may follow: a catalog page's worth, with room. */
export const LIVE_MAX_SECTIONS = 200;
/** Streams one session may hold on one app server: a browser keeps at most six HTTP/1.1 connections per host. */
export const LIVE_STREAMS_PER_SESSION = 6;
/** The stream's heartbeat; under the balancer's 30 s idle timeout (stack/haproxy.ts). */
export const LIVE_HEARTBEAT_MS = 15_000;
/** What the browser waits before reconnecting a dropped stream (the `retry:` field). */
export const LIVE_RETRY_MS = 2_000;
