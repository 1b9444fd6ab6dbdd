/**
 * U+0000 is the one character PostgreSQL text cannot hold (22021): text that has it is invalid input, refused
 * where it comes in (search parameters, form fields, JSON bodies) rather than by the database. Walked with a list,
 * not recursion: a JSON body within the size limit can nest thousands deep (docs/decisions/0019).
 */
export function hasNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (Array.isArray(next)) {
      pending.push(...next);
    } else if (next && typeof next === 'object') {
      for (const [key, item] of Object.entries(next)) pending.push(key, item);
    }
  }
  return false;
}
