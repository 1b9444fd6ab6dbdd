/**
 * U+0000 is the one character PostgreSQL text cannot hold (22021): text that has it is invalid input, refused
 * where it comes in (search parameters, form fields, JSON bodies) rather than by the database.
 */
export function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => hasNul(k) || hasNul(v));
  return false;
}
