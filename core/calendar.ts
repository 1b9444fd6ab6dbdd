/**
 * A term's calendar as the database answers it (db/sql/functions/term_*.sql, docs/decisions/0017): the app never
 * compares its own clock with a deadline, it shows and acts on these answers.
 */
export type RegistrationWindow = 'not_yet_open' | 'open' | 'closed';
export type LeaveMode = 'drop' | 'withdraw' | 'none';

/** A registrar is not bound by the withdrawal deadline: before the drop deadline a drop, after it a withdrawal. */
export function registrarLeaveMode(mode: LeaveMode): 'drop' | 'withdraw' {
  return mode === 'drop' ? 'drop' : 'withdraw';
}
