import 'server-only';
import { readLiveSections, readSessionVersions, type LiveSectionRow } from '@/db/queries/live';
import { SESSION_LIFETIME_SECONDS, type SessionClaims } from '@/lib/domain/accounts';
import { LIVE_STREAMS_PER_SESSION, type LiveSeats } from './seats';

/** One open stream, as the poller sees it. */
export interface LiveSubscriber {
  sections: readonly number[];
  /** Set for a student: their own place in line is added to each section. */
  studentId: number | null;
  claims: SessionClaims;
  /** The sections whose view changed since the last call (all of them the first time). */
  send(changed: LiveSeats[]): void;
  /** The session ended (signed out, role or password changed, too old): the stream must close. */
  end(): void;
}

export interface PollerOptions {
  intervalMs?: number;
  /** Sessions are re-checked every this many ticks (docs/decisions/0010: a slow check is enough). */
  sessionCheckEvery?: number;
  readSections?: typeof readLiveSections;
  readSessions?: typeof readSessionVersions;
  log?: (message: string, error?: unknown) => void;
}

export function liveView(row: LiveSectionRow, studentId: number | null): LiveSeats {
  const view: LiveSeats = {
    id: row.id,
    capacity: row.capacity,
    enrolledCount: row.enrolledCount,
    seatsLeft: Math.max(0, row.capacity - row.enrolledCount),
    waitlist: { capacity: row.waitlistCapacity, length: row.waitlistLength },
  };
  if (studentId !== null) view.myPosition = row.places[String(studentId)] ?? null;
  return view;
}

const sessionKey = (c: SessionClaims) => `${c.userId}:${c.signedInAt}`;

/**
 * One per app server (docs/decisions/0013): while at least one stream is open it reads, once per tick and in one
 * query, the counts of every watched section with the places of the watching students, and sends each stream the
 * sections whose view changed for it. Nothing is sent from the enrolling transaction, so writes pay nothing.
 */
export class SeatsPoller {
  private readonly subscribers = new Map<LiveSubscriber, Map<number, string>>();
  private readonly perSession = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;
  private again = false;
  private failing = false;
  private ticks = 0;
  private readonly intervalMs: number;
  private readonly sessionCheckEvery: number;
  private readonly readSections: typeof readLiveSections;
  private readonly readSessions: typeof readSessionVersions;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(options: PollerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.sessionCheckEvery = options.sessionCheckEvery ?? 15;
    this.readSections = options.readSections ?? readLiveSections;
    this.readSessions = options.readSessions ?? readSessionVersions;
    this.log = options.log ?? ((message, error) => console.error(`[live] ${message}`, error ?? ''));
  }

  /**
   * Adds a stream, or returns null when its session already holds the most streams allowed. The count and the
   * add are one synchronous step, so two requests of one session cannot both take the last place.
   */
  subscribe(subscriber: LiveSubscriber): (() => void) | null {
    const key = sessionKey(subscriber.claims);
    const held = this.perSession.get(key) ?? 0;
    if (held >= LIVE_STREAMS_PER_SESSION) return null;
    this.perSession.set(key, held + 1);
    this.subscribers.set(subscriber, new Map());
    // A new stream gets its first view at the next tick, brought forward so the page is current at once.
    this.schedule(0);
    return () => this.remove(subscriber);
  }

  get streams(): number {
    return this.subscribers.size;
  }

  get running(): boolean {
    return this.timer !== null || this.inFlight;
  }

  private remove(subscriber: LiveSubscriber) {
    if (!this.subscribers.delete(subscriber)) return;
    const key = sessionKey(subscriber.claims);
    const held = (this.perSession.get(key) ?? 1) - 1;
    if (held > 0) this.perSession.set(key, held);
    else this.perSession.delete(key);
    if (!this.subscribers.size && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private schedule(delayMs: number) {
    if (this.inFlight) {
      if (delayMs === 0) this.again = true;
      return;
    }
    if (this.timer) {
      if (delayMs !== 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  /** One read and one fan-out; public so tests can step it. Never throws: a failed read is retried next tick. */
  async tick(): Promise<void> {
    this.timer = null;
    if (!this.subscribers.size || this.inFlight) return;
    this.inFlight = true;
    try {
      this.ticks += 1;
      if (this.ticks % this.sessionCheckEvery === 0) await this.endLapsedSessions();
      await this.fanOut();
      if (this.failing) this.log('seat reads recovered');
      this.failing = false;
    } catch (error) {
      // Logged once per outage; streams stay open (the page keeps its last counts) and the next tick retries.
      if (!this.failing) this.log('seat read failed; retrying every tick', error);
      this.failing = true;
    } finally {
      this.inFlight = false;
      if (this.subscribers.size) this.schedule(this.again ? 0 : this.intervalMs);
      this.again = false;
    }
  }

  private async fanOut() {
    const sectionIds = new Set<number>();
    const studentIds = new Set<number>();
    for (const subscriber of this.subscribers.keys()) {
      for (const id of subscriber.sections) sectionIds.add(id);
      if (subscriber.studentId !== null) studentIds.add(subscriber.studentId);
    }
    const rows = await this.readSections([...sectionIds], [...studentIds]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const [subscriber, sent] of this.subscribers) {
      const changed: LiveSeats[] = [];
      for (const id of subscriber.sections) {
        const row = byId.get(id);
        if (!row) continue;
        const view = liveView(row, subscriber.studentId);
        const key = JSON.stringify(view);
        if (sent.get(id) === key) continue;
        sent.set(id, key);
        changed.push(view);
      }
      if (changed.length) subscriber.send(changed);
    }
  }

  private async endLapsedSessions() {
    // Only the streams whose users were read: one that subscribes while the read is out has no row in `versions`
    // and would be ended as unauthenticated before its first view (issue 28.15); the next check covers it.
    const checked = [...this.subscribers.keys()];
    const versions = await this.readSessions([...new Set(checked.map((s) => s.claims.userId))]);
    const oldest = Date.now() / 1000 - SESSION_LIFETIME_SECONDS;
    for (const subscriber of checked) {
      if (!this.subscribers.has(subscriber)) continue; // closed meanwhile
      const { userId, sessionVersion, signedInAt } = subscriber.claims;
      if (versions.get(userId) === sessionVersion && signedInAt > oldest) continue;
      this.remove(subscriber);
      subscriber.end();
    }
  }
}

// On globalThis so a dev hot reload keeps the one poller (and its streams) instead of starting a second.
const globalForLive = globalThis as unknown as { curriculabSeatsPoller?: SeatsPoller };

/** This app server's poller. */
export function seatsPoller(): SeatsPoller {
  globalForLive.curriculabSeatsPoller ??= new SeatsPoller();
  return globalForLive.curriculabSeatsPoller;
}
