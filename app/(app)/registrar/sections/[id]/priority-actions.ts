'use server';

import {
  crossListSection,
  releaseReservationOf,
  removeReservationOf,
  reserveSeatsFor,
  uncrossListSection,
} from '@/lib/domain/priority';
import { action } from '@/lib/web/action';
import { crossListSchema, reservationIdSchema, reservationSchema, sectionOnlySchema } from '@/lib/web/priority-form';

export const reserveSeatsAction = action({
  roles: ['registrar'],
  input: reservationSchema,
  run: ({ sectionId, ...reservation }) => reserveSeatsFor(sectionId, reservation),
  changed: ({ sectionId }) => sectionId,
  done: (_value, { seats }) => `${seats === 1 ? '1 seat' : `${seats} seats`} reserved.`,
  fieldOf: { reservation_exceeds_free_seats: 'seats', invalid_value: 'classStanding' },
});

/** Releases at once: the waiting students get the seats in the same transaction. */
export const releaseReservationAction = action({
  roles: ['registrar'],
  input: reservationIdSchema,
  run: ({ sectionId, reservationId }) => releaseReservationOf(sectionId, reservationId),
  changed: ({ sectionId }) => sectionId,
  done: () => 'Reserved seats released: they are ordinary seats now.',
});

export const removeReservationAction = action({
  roles: ['registrar'],
  input: reservationIdSchema,
  run: ({ sectionId, reservationId }) => removeReservationOf(sectionId, reservationId),
  changed: ({ sectionId }) => sectionId,
  done: () => 'Reservation removed.',
});

export const crossListAction = action({
  roles: ['registrar'],
  input: crossListSchema,
  run: ({ sectionId, code, capacity }) => crossListSection(sectionId, code, capacity),
  changed: ({ sectionId }) => sectionId,
  done: (_value, { code }) => `The section shares the capacity of cross-list ${code}.`,
  fieldOf: { cross_list_over_capacity: 'capacity', cross_list_other_term: 'code', invalid_input: 'capacity' },
});

export const leaveCrossListAction = action({
  roles: ['registrar'],
  input: sectionOnlySchema,
  run: ({ sectionId }) => uncrossListSection(sectionId),
  changed: ({ sectionId }) => sectionId,
  done: () => 'The section has its own capacity again.',
});
