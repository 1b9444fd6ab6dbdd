import type { UserRole } from '@/db/schema';

/**
 * Who may read a section's roster: registrars, and the instructor assigned to that section.
 * Sections are public in the catalog, so refusing with 403 reveals nothing a 404 would hide.
 */
export function mayReadRoster(user: { id: number; role: UserRole }, section: { instructorId: number | null }): boolean {
  return user.role === 'registrar' || (user.role === 'instructor' && section.instructorId === user.id);
}
