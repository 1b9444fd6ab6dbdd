import 'server-only';
import { releaseDueReservations } from '@/db/queries/priority';

/**
 * A passing released_at is no event (docs/decisions/0025): every app server applies the releases due every few
 * seconds, each in its own transaction that also promotes the waitlist; until then the seats stay reserved, so no
 * walk-in can take them ahead of a waiting student. Concurrent sweeps skip each other's rows.
 */
const EVERY_MS = 5_000;
const state = globalThis as unknown as { curriculabReservationSweep?: ReturnType<typeof setInterval> };

export function startReservationSweep() {
  if (state.curriculabReservationSweep) return;
  state.curriculabReservationSweep = setInterval(() => {
    releaseDueReservations().catch((error: unknown) => console.error('[app] reservation sweep failed', error));
  }, EVERY_MS);
  state.curriculabReservationSweep.unref();
}
