import { eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { drop, enroll } from '../db/queries/enrollments';
import { readLiveSections, readSessionVersions } from '../db/queries/live';
import { joinWaitlist, leaveWaitlist } from '../db/queries/waitlists';
import { sections, users } from '../db/schema';
import type { LiveSeats } from '../lib/live/seats';
import { LIVE_STREAMS_PER_SESSION } from '../lib/live/seats';
import { SeatsPoller, seatsPoller, type LiveSubscriber } from '../lib/live/seats-poller';
import { race, testDb } from './db';
import { createSection, createUser, createUsers, fillSection } from '../testing/factories';
import { allowConsoleErrors } from './setup';
import { signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
const liveRoute = await import('../app/api/live/route');
const seatsRoute = await import('../app/api/live/seats/route');

const now = () => Math.floor(Date.now() / 1000);

/** A poller on the test pool, stepped by hand (its timer is never left to fire: every test unsubscribes). */
function testPoller(options: ConstructorParameters<typeof SeatsPoller>[0] = {}) {
  return new SeatsPoller({
    intervalMs: 60_000,
    readSections: (s, t) => readLiveSections(s, t, testDb),
    readSessions: (u) => readSessionVersions(u, testDb),
    ...options,
  });
}

function subscriber(sections: number[], user: { id: number; role: string; sessionVersion: number }) {
  const received: LiveSeats[][] = [];
  const sub: LiveSubscriber & { received: LiveSeats[][]; ended: boolean } = {
    sections,
    studentId: user.role === 'student' ? user.id : null,
    claims: { userId: user.id, sessionVersion: user.sessionVersion, signedInAt: now() },
    received,
    ended: false,
    send: (changed) => received.push(changed),
    end: () => {
      sub.ended = true;
    },
  };
  return sub;
}

async function waitlistedSection(capacity: number, waitlistCapacity: number) {
  const section = await createSection(testDb, { capacity });
  await testDb.update(sections).set({ waitlistCapacity }).where(eq(sections.id, section.id));
  const holders = await fillSection(testDb, section.id, capacity);
  return { section, holders };
}

describe('the seats poller (docs/decisions/0013)', () => {
  it('sends each stream its sections once, then only what changed; a student sees their own place and no one else’s', async () => {
    const { section, holders } = await waitlistedSection(2, 5);
    const other = await createSection(testDb, { capacity: 10 });
    const [first, second] = await createUsers(testDb, 2);
    await joinWaitlist(first!.id, section.id, null, testDb);
    await joinWaitlist(second!.id, section.id, null, testDb);
    const instructor = await createUser(testDb, 'instructor');
    const poller = testPoller();
    const student = subscriber([section.id, other.id], second!);
    const staff = subscriber([section.id], instructor);
    const stops = [poller.subscribe(student)!, poller.subscribe(staff)!];

    await poller.tick();
    expect(student.received).toEqual([
      [
        { id: section.id, capacity: 2, enrolledCount: 2, seatsLeft: 0, waitlist: { capacity: 5, length: 2 }, myPosition: 2 },
        { id: other.id, capacity: 10, enrolledCount: 0, seatsLeft: 10, waitlist: { capacity: 0, length: 0 }, myPosition: null },
      ],
    ]);
    expect(staff.received).toEqual([
      [{ id: section.id, capacity: 2, enrolledCount: 2, seatsLeft: 0, waitlist: { capacity: 5, length: 2 } }],
    ]);

    await poller.tick();
    expect(student.received).toHaveLength(1); // nothing changed, nothing sent

    // The one ahead leaves: the student moves up; the other section is not sent again.
    await leaveWaitlist(first!.id, section.id, testDb);
    await poller.tick();
    expect(student.received[1]).toEqual([
      { id: section.id, capacity: 2, enrolledCount: 2, seatsLeft: 0, waitlist: { capacity: 5, length: 1 }, myPosition: 1 },
    ]);

    // A holder drops: the student is promoted in that transaction; their place ends, the count stays full.
    await drop(holders[0]!.id, section.id, testDb);
    await enroll(holders[1]!.id, other.id, testDb);
    await poller.tick();
    expect(student.received[2]).toEqual([
      { id: section.id, capacity: 2, enrolledCount: 2, seatsLeft: 0, waitlist: { capacity: 5, length: 0 }, myPosition: null },
      { id: other.id, capacity: 10, enrolledCount: 1, seatsLeft: 9, waitlist: { capacity: 0, length: 0 }, myPosition: null },
    ]);
    expect(staff.received.at(-1)).toEqual([
      { id: section.id, capacity: 2, enrolledCount: 2, seatsLeft: 0, waitlist: { capacity: 5, length: 0 } },
    ]);
    for (const stop of stops) stop();
    expect(poller.streams).toBe(0);
    expect(poller.running).toBe(false);
  });

  it('reads all watched sections and watchers in one statement per tick', async () => {
    const a = await createSection(testDb, { capacity: 3 });
    const b = await createSection(testDb, { capacity: 3 });
    const students = await createUsers(testDb, 3);
    const calls: [number[], number[]][] = [];
    const poller = testPoller({
      readSections: (s, t) => {
        calls.push([s, t]);
        return readLiveSections(s, t, testDb);
      },
    });
    const stops = students.map((s, i) => poller.subscribe(subscriber(i ? [a.id, b.id] : [a.id], s))!);
    await poller.tick();
    expect(calls).toHaveLength(1);
    expect(calls[0]![0].sort()).toEqual([a.id, b.id].sort());
    expect(calls[0]![1].sort()).toEqual(students.map((s) => s.id).sort());
    for (const stop of stops) stop();
  });

  it('every stream converges on the count the database holds after 30 enrollments race', async () => {
    const section = await createSection(testDb, { capacity: 20 });
    const students = await createUsers(testDb, 30);
    const watchers = await createUsers(testDb, 5);
    const poller = testPoller();
    const subs = watchers.map((w) => subscriber([section.id], w));
    const stops = subs.map((s) => poller.subscribe(s)!);
    await poller.tick();
    const ticking = (async () => {
      for (let i = 0; i < 5; i++) await poller.tick();
    })();
    await race(30, (db, i) => enroll(students[i]!.id, section.id, db));
    await ticking;
    await poller.tick();
    for (const s of subs) expect(s.received.at(-1)?.[0]).toMatchObject({ enrolledCount: 20, seatsLeft: 0 });
    for (const stop of stops) stop();
  });

  it('ends a stream whose session has ended, at the next session check', async () => {
    const student = await createUser(testDb);
    const poller = testPoller({ sessionCheckEvery: 1 });
    const section = await createSection(testDb);
    const sub = subscriber([section.id], student);
    poller.subscribe(sub);
    await poller.tick();
    expect(sub.ended).toBe(false);
    await testDb
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, student.id));
    await poller.tick();
    expect(sub.ended).toBe(true);
    expect(poller.streams).toBe(0);
  });

  it('a stream that subscribes while a session check is reading is not ended by it, and gets its first view (issue 28.15)', async () => {
    const [early, late] = await createUsers(testDb, 2);
    const section = await createSection(testDb);
    const lateSub = subscriber([section.id], late!);
    let stopLate: (() => void) | null = null;
    const poller = testPoller({
      sessionCheckEvery: 1,
      // The late stream arrives while the check's read is out (on a busy server: many streams opening at once).
      readSessions: async (u) => {
        const versions = await readSessionVersions(u, testDb);
        stopLate ??= poller.subscribe(lateSub);
        return versions;
      },
    });
    const stopEarly = poller.subscribe(subscriber([section.id], early!))!;
    await poller.tick();
    expect(lateSub.ended).toBe(false);
    expect(lateSub.received).toHaveLength(1);
    await poller.tick(); // the next check reads the late stream's session too: still valid
    expect(lateSub.ended).toBe(false);
    expect(poller.streams).toBe(2);
    stopEarly();
    stopLate!();
  });

  it('a failing read is logged once, keeps the streams and is retried until it recovers', async () => {
    allowConsoleErrors();
    const log = vi.fn();
    let failing = true;
    const poller = testPoller({
      log,
      readSections: (s, t) => (failing ? Promise.reject(new Error('connection refused')) : readLiveSections(s, t, testDb)),
    });
    const section = await createSection(testDb);
    const sub = subscriber([section.id], await createUser(testDb));
    const stop = poller.subscribe(sub)!;
    await poller.tick();
    await poller.tick();
    expect(log).toHaveBeenCalledTimes(1);
    expect(poller.streams).toBe(1);
    failing = false;
    await poller.tick();
    expect(log).toHaveBeenCalledTimes(2); // "recovered"
    expect(sub.received).toHaveLength(1);
    stop();
  });
});

async function openStream(query: string) {
  const controller = new AbortController();
  const request = new Request(`http://test.local/api/live?${query}`, { signal: controller.signal });
  const response = await liveRoute.GET(request);
  return { response, abort: () => controller.abort() };
}

/** Reads a stream until an event of that kind arrives; its data parsed. */
async function nextEvent(response: Response, kind: string): Promise<unknown> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before an "${kind}" event: ${text}`);
      text += decoder.decode(value);
      const match = new RegExp(`event: ${kind}\\ndata: (.*)\\n\\n`).exec(text);
      if (match) return JSON.parse(match[1]!);
    }
  } finally {
    reader.releaseLock();
  }
}

describe('GET /api/live and /api/live/seats', () => {
  it('streams text/event-stream, unbuffered, with the first view and a retry delay; closing it frees it', async () => {
    const { section } = await waitlistedSection(1, 3);
    const student = await createUser(testDb);
    await joinWaitlist(student.id, section.id, null, testDb);
    signInAs(student);
    const before = seatsPoller().streams;
    const { response, abort } = await openStream(`sections=${section.id},${section.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(seatsPoller().streams).toBe(before + 1);
    expect(await nextEvent(response, 'seats')).toEqual([
      { id: section.id, capacity: 1, enrolledCount: 1, seatsLeft: 0, waitlist: { capacity: 3, length: 1 }, myPosition: 1 },
    ]);
    abort();
    expect(seatsPoller().streams).toBe(before);
  });

  it('refuses the signed-out (401), bad or too many ids (400 with field errors)', async () => {
    signInAs(null);
    expect((await openStream('sections=1')).response.status).toBe(401);
    signInAs(await createUser(testDb));
    for (const query of [
      '',
      'sections=',
      'sections=1,x',
      'sections=0',
      `sections=${Array.from({ length: 201 }, (_, i) => i + 1)}`,
    ]) {
      const { response } = await openStream(query);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: string; fields: Record<string, string[]> };
      expect(body.error).toBe('invalid_input');
      expect(body.fields.sections?.length, query).toBeGreaterThan(0);
    }
    const fallback = await seatsRoute.GET(new Request('http://test.local/api/live/seats?sections=abc'));
    expect(fallback.status).toBe(400);
  });

  it(`one session racing for streams gets exactly ${LIVE_STREAMS_PER_SESSION}; the rest are 429 too_many_streams`, async () => {
    const section = await createSection(testDb);
    signInAs(await createUser(testDb));
    const before = seatsPoller().streams;
    const opened = await Promise.all(Array.from({ length: 20 }, () => openStream(`sections=${section.id}`)));
    const statuses = opened.map((o) => o.response.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIVE_STREAMS_PER_SESSION);
    const refused = opened.find((o) => o.response.status === 429)!;
    expect(await refused.response.json()).toMatchObject({ error: 'too_many_streams' });
    for (const o of opened) o.abort();
    expect(seatsPoller().streams).toBe(before);
  });

  it('the JSON fallback answers the same views', async () => {
    const section = await createSection(testDb, { capacity: 4 });
    await fillSection(testDb, section.id, 3);
    signInAs(await createUser(testDb, 'instructor'));
    const response = await seatsRoute.GET(new Request(`http://test.local/api/live/seats?sections=${section.id}`));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sections: [{ id: section.id, capacity: 4, enrolledCount: 3, seatsLeft: 1, waitlist: { capacity: 0, length: 0 } }],
    });
  });
});
