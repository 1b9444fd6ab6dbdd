import { z } from 'zod';
import { CAMPUS_TIME_ZONE } from '@/lib/env';
import { idSchema } from '@/lib/ids';
import { text } from './form-text';

const DAY = 24 * 60 * 60 * 1000;

/** The campus's offset from UTC at `instant`, in ms (positive east of Greenwich). */
function campusOffset(instant: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: CAMPUS_TIME_ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** `YYYY-MM-DDTHH:MM` read as campus time (what a datetime-local field sends) → the instant. */
export function fromCampusLocal(local: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  let instant = wall - campusOffset(wall);
  instant = wall - campusOffset(instant);
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The instant as a datetime-local value in campus time (the edit form's defaults). */
export function toCampusLocal(instant: Date): string {
  return new Date(instant.getTime() + campusOffset(instant.getTime())).toISOString().slice(0, 16);
}

const moment = (label: string) =>
  text(
    z
      .string()
      .trim()
      .min(1, `Enter ${label}`)
      .transform((v, ctx) => {
        const date = fromCampusLocal(v);
        if (!date) ctx.addIssue({ code: 'custom', message: `Enter ${label} as a date and time` });
        return date ?? new Date(NaN);
      }),
  );
const day = (label: string) =>
  text(
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${label} as a date`)
      .refine((v) => !Number.isNaN(Date.parse(v)), `Enter ${label} as a real date`),
  );

/**
 * A term's fields, every date checked against the others with the message next to the field that is wrong (the
 * terms_* constraints hold the same orders in the database): registration opens before it closes; the drop
 * deadline comes after registration opens and no later than the withdrawal deadline; classes end after they start,
 * within a year, the withdrawal deadline by the last class day, and classes start within a year of registration.
 */
export const termFields = z
  .object({
    code: text(
      z
        .string()
        .trim()
        .min(1, 'Enter a code')
        .max(40, 'At most 40 characters')
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'Letters, digits, - and _ only, e.g. FALL-2026'),
    ),
    name: text(z.string().trim().min(1, 'Enter a name').max(100, 'At most 100 characters')),
    registrationOpensAt: moment('when registration opens'),
    registrationClosesAt: moment('when registration closes'),
    dropDeadline: moment('the drop deadline'),
    withdrawDeadline: moment('the withdrawal deadline'),
    classesStartOn: day('the first day of classes'),
    classesEndOn: day('the last day of classes'),
  })
  .superRefine((t, ctx) => {
    const say = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const ok = (d: unknown) => d instanceof Date && !Number.isNaN(d.getTime());
    if (![t.registrationOpensAt, t.registrationClosesAt, t.dropDeadline, t.withdrawDeadline].every(ok)) return;
    if (t.registrationClosesAt <= t.registrationOpensAt) say('registrationClosesAt', 'Registration must close after it opens');
    if (t.dropDeadline < t.registrationOpensAt) say('dropDeadline', 'The drop deadline must come after registration opens');
    if (t.withdrawDeadline < t.dropDeadline)
      say('withdrawDeadline', 'The withdrawal deadline cannot come before the drop deadline');
    const start = Date.parse(t.classesStartOn);
    const end = Date.parse(t.classesEndOn);
    if (typeof t.classesStartOn !== 'string' || Number.isNaN(start) || Number.isNaN(end)) return;
    if (end < start) say('classesEndOn', 'Classes must end on or after the day they start');
    else if (end - start > 366 * DAY) say('classesEndOn', 'A term’s classes last at most a year');
    if (Math.abs(start - t.registrationOpensAt.getTime()) > 366 * DAY)
      say('classesStartOn', 'Classes must start within a year of registration opening');
    if (t.withdrawDeadline.getTime() > end + 2 * DAY)
      say('withdrawDeadline', 'The withdrawal deadline must come by the last day of classes');
  });

export const createTermSchema = termFields;
export const updateTermSchema = termFields.and(z.object({ termId: text(z.string().pipe(idSchema)) }));

export const copyTermSchema = z
  .object({
    fromTermId: text(z.string().min(1, 'Choose the term to copy from').pipe(idSchema)),
    toTermId: text(z.string().min(1, 'Choose the term to copy into').pipe(idSchema)),
  })
  .refine((c) => c.fromTermId !== c.toTermId, { path: ['toTermId'], message: 'Choose another term to copy into' });
