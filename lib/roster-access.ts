import type { SessionUser } from './authz';

/**
 * Who may read a section's roster: registrars, and the instructor assigned to that section.
 * Sections are public in the catalog, so refusing with 403 reveals nothing a 404 would hide.
 */
export function mayReadRoster(user: SessionUser, section: { instructorId: number | null }): boolean {
  return user.role === 'registrar' || (user.role === 'instructor' && section.instructorId === user.id);
}
