/** The registrar's reserved seats and cross-lists on the section form (docs/decisions/0025). */
import 'server-only';
import { refusalOrThrow } from '@/db/errors';
import {
  addReservation,
  joinCrossList,
  leaveCrossList,
  releaseReservation,
  removeReservation,
  type NewReservation,
} from '@/db/queries/priority';
import { CAMPUS_TIME_ZONE } from '@/lib/format';
import type { Result } from '@/lib/outcomes';
import { onceMoreOnDeadlock } from './deadlocks';

export async function reserveSeatsFor(sectionId: number, reservation: NewReservation): Promise<Result<true>> {
  try {
    await addReservation(sectionId, reservation, CAMPUS_TIME_ZONE);
    return { ok: true, value: true };
  } catch (error) {
    const expected = ['reservation_exceeds_free_seats', 'section_not_found', 'invalid_value'] as const;
    return { ok: false, reason: refusalOrThrow(error, 'manage_reservations', expected) };
  }
}

export async function releaseReservationOf(sectionId: number, reservationId: number): Promise<Result<true>> {
  return (await releaseReservation(sectionId, reservationId)) ? { ok: true, value: true } : { ok: false, reason: 'not_found' };
}

export async function removeReservationOf(sectionId: number, reservationId: number): Promise<Result<true>> {
  try {
    return (await removeReservation(sectionId, reservationId)) ? { ok: true, value: true } : { ok: false, reason: 'not_found' };
  } catch (error) {
    return { ok: false, reason: refusalOrThrow(error, 'manage_reservations', ['reservation_exceeds_free_seats'] as const) };
  }
}

export async function crossListSection(sectionId: number, code: string, capacity: number | null): Promise<Result<true>> {
  try {
    // Leaving the old list promotes across it (docs/decisions/0025), in the order a drop's promotion takes.
    const outcome = await onceMoreOnDeadlock(() => joinCrossList(sectionId, code, capacity));
    if (outcome === 'joined') return { ok: true, value: true };
    if (outcome === 'capacity_required')
      return { ok: false, reason: 'invalid_input', message: 'A new cross-list needs a capacity' };
    return { ok: false, reason: outcome };
  } catch (error) {
    const expected = ['cross_list_over_capacity', 'cross_list_other_term', 'invalid_value', 'section_not_found'] as const;
    return { ok: false, reason: refusalOrThrow(error, 'manage_cross_lists', expected) };
  }
}

export async function uncrossListSection(sectionId: number): Promise<Result<true>> {
  const left = await onceMoreOnDeadlock(() => leaveCrossList(sectionId));
  return left ? { ok: true, value: true } : { ok: false, reason: 'not_found' };
}
