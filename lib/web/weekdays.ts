/**
 * Day letters in the order a week is read; the database CHECK allows exactly these. Its own module, free of zod:
 * the registrar's form (a client component) shows them, and zod in the browser probes for eval, which the
 * Content-Security-Policy forbids.
 */
export const WEEKDAYS = [
  ['M', 'Monday'],
  ['T', 'Tuesday'],
  ['W', 'Wednesday'],
  ['R', 'Thursday'],
  ['F', 'Friday'],
  ['S', 'Saturday'],
  ['U', 'Sunday'],
] as const;
