/** The value formats of the import files (docs/shared product contract, "Importing a term"), each a small parser. */

/** `MTWRFSU` letters → ISO days (1 = Monday). */
const DAY_LETTERS: Record<string, number> = { M: 1, T: 2, W: 3, R: 4, F: 5, S: 6, U: 7 };

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const bad = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

export function parseDays(text: string): Parsed<number[]> {
  const days: number[] = [];
  for (const letter of text.toUpperCase().replace(/\s+/g, '')) {
    const day = DAY_LETTERS[letter];
    if (!day) return bad(`"${letter}" is not a day (use the letters MTWRFSU)`);
    if (days.includes(day)) return bad(`"${letter}" is given twice`);
    days.push(day);
  }
  return { ok: true, value: days.sort((a, b) => a - b) };
}

/** `HH:MM` (24-hour) or `h:mm AM/PM` → "HH:MM". */
export function parseTime(text: string): Parsed<string> {
  const m = /^(\d{1,2}):(\d{2})\s*([AaPp][Mm])?$/.exec(text.trim());
  if (!m) return bad(`"${text}" is not a time (use HH:MM or h:mm AM/PM)`);
  let hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (m[3]) {
    if (hours < 1 || hours > 12) return bad(`"${text}" is not a time`);
    hours = (hours % 12) + (m[3].toUpperCase() === 'PM' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59) return bad(`"${text}" is not a time`);
  return { ok: true, value: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` };
}

/** `YYYY-MM-DD`, a real calendar date. */
export function parseDate(text: string): Parsed<string> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== text.trim()) return bad(`"${text}" is not a date (use YYYY-MM-DD)`);
  return { ok: true, value: text.trim() };
}

/** ISO 8601 with an offset (`2026-04-06T08:00:00-04:00` or `…Z`): a moment, never a local time guessed. */
export function parseInstant(text: string): Parsed<Date> {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t))
    return bad(`"${text}" is not an ISO 8601 time with an offset (e.g. 2026-04-06T08:00:00-04:00)`);
  const date = new Date(t);
  return Number.isNaN(date.getTime()) ? bad(`"${text}" is not a real time`) : { ok: true, value: date };
}

export function parseWhole(text: string, { min = 0, max = 100_000 } = {}): Parsed<number> {
  if (!/^\d+$/.test(text.trim())) return bad(`"${text}" is not a whole number`);
  const n = Number(text);
  return n < min || n > max ? bad(`must be between ${min} and ${max}`) : { ok: true, value: n };
}

/** Credits with at most one decimal (1.5), 0 to 40 (sections_credits_range). */
export function parseCredits(text: string, max = 40): Parsed<number> {
  if (!/^\d{1,3}(\.\d)?$/.test(text.trim())) return bad(`"${text}" is not a number of credits (e.g. 3 or 1.5)`);
  const n = Number(text);
  return n > max ? bad(`must be between 0 and ${max}`) : { ok: true, value: n };
}

export function parseEmail(text: string): Parsed<string> {
  const email = text.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254
    ? { ok: true, value: email }
    : bad(`"${text}" is not an email address`);
}

/** A course's subject (courses_subject_format) and number. */
export function parseSubject(text: string): Parsed<string> {
  const subject = text.trim().toUpperCase();
  return /^[A-Z]{2,6}$/.test(subject) ? { ok: true, value: subject } : bad(`"${text}" is not a subject (2 to 6 letters)`);
}

export function parseCourseNumber(text: string): Parsed<string> {
  const number = text.trim().toUpperCase();
  return /^[0-9A-Z]{1,8}$/.test(number) ? { ok: true, value: number } : bad(`"${text}" is not a course number`);
}

/** Plain text of at most `max` characters, no control characters. */
export function parseText(text: string, max: number): Parsed<string> {
  if (text.length > max) return bad(`is longer than ${max} characters`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) return bad('contains a control character');
  return { ok: true, value: text };
}
