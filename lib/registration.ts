import 'server-only';
import { drop, enroll, withdraw } from '@/db/queries/enrollments';
import { getSectionCalendar } from '@/db/queries/sections';
import type { Result } from '@/db/executor';
import type { Enrollment } from '@/db/schema';
import type { AppFailure } from './answers';
import { classifyDbError } from '@/db/errors';
import { leaveMode, registrationWindow } from './registration-rules';

/**
 * What students do, for the server actions and the HTTP API alike (one code path).
 * The calendar is read first; the seat itself is decided by the INSERT and the CHECK (ADR-004).
 */
/** The section's term calendar, or why it cannot be had; students and registrar overrides read it the same way. */
export async function sectionCalendar(sectionId: number) {
  try {
    const section = await getSectionCalendar(sectionId);
    return section ? ({ ok: true, value: section } as const) : ({ ok: false, reason: 'section_not_found' } as const);
  } catch (error) {
    return { ok: false, reason: classifyDbError(error) } as const;
  }
}

export async function enrollStudent(studentId: number, sectionId: number): Promise<Result<Enrollment, AppFailure>> {
  const section = await sectionCalendar(sectionId);
  if (!section.ok) return section;
  const window = registrationWindow(section.value);
  if (window !== 'open') return { ok: false, reason: window === 'closed' ? 'registration_closed' : 'registration_not_open' };
  return enroll(studentId, sectionId);
}

export type LeaveOutcome = { enrollment: Enrollment; mode: 'drop' | 'withdraw' };

/** Drop before the drop deadline, withdraw until the withdrawal deadline, nothing after. */
export async function leaveSection(studentId: number, sectionId: number): Promise<Result<LeaveOutcome, AppFailure>> {
  const section = await sectionCalendar(sectionId);
  if (!section.ok) return section;
  const mode = leaveMode(section.value);
  if (mode === 'none') return { ok: false, reason: 'withdraw_deadline_passed' };
  const result = mode === 'drop' ? await drop(studentId, sectionId) : await withdraw(studentId, sectionId);
  return result.ok ? { ok: true, value: { enrollment: result.value, mode } } : result;
}
