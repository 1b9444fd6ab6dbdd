/** The term's calendar decides what a student may do and when: pure rules, checked on the server. */
export interface TermCalendar {
  registrationOpensAt: Date;
  registrationClosesAt: Date;
  dropDeadline: Date;
  withdrawDeadline: Date;
}

type Deadlines = Pick<TermCalendar, 'dropDeadline' | 'withdrawDeadline'>;

export type RegistrationWindow = 'not_yet_open' | 'open' | 'closed';
export type LeaveMode = 'drop' | 'withdraw' | 'none';

export function registrationWindow(term: TermCalendar, now = new Date()): RegistrationWindow {
  if (now < term.registrationOpensAt) return 'not_yet_open';
  if (now < term.registrationClosesAt) return 'open';
  return 'closed';
}

/** Before the drop deadline an enrollment is deleted; until the withdraw deadline it becomes 'withdrawn'. */
export function leaveMode(term: Deadlines, now = new Date()): LeaveMode {
  if (now < term.dropDeadline) return 'drop';
  if (now < term.withdrawDeadline) return 'withdraw';
  return 'none';
}

/** A registrar is not bound by the withdrawal deadline: before the drop deadline a drop, after it a withdrawal. */
export function registrarLeaveMode(term: Deadlines, now = new Date()): 'drop' | 'withdraw' {
  return leaveMode(term, now) === 'drop' ? 'drop' : 'withdraw';
}
