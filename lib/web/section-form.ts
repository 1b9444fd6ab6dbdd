import { z } from 'zod';
import { text } from './form-text';
import { idSchema } from '@/lib/ids';

const chosenId = (what: string) => text(z.string().min(1, `Choose ${what}`).pipe(idSchema));

const capacity = text(
  z
    .string()
    .trim()
    .min(1, 'Enter the number of seats')
    .regex(/^\d{1,5}$/, 'Enter a whole number of seats')
    .transform(Number)
    .refine((n) => n <= 2000, 'At most 2000 seats'),
);

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
type MeetingRow = { day: string; startsAt: string; endsAt: string };

/** The meetings editor sends parallel lists (meetingDay, meetingStart, meetingEnd); validation sees one list. */
function withMeetings(fields: unknown) {
  const form = (fields ?? {}) as Record<string, unknown>;
  const [days, starts, ends] = [form.meetingDay, form.meetingStart, form.meetingEnd].map((v) =>
    v === undefined ? [] : [v].flat().map(String),
  );
  return { ...form, meetings: days!.map((day, i) => ({ day, startsAt: starts![i] ?? '', endsAt: ends![i] ?? '' })) };
}

/** Each meeting checked and named by its row number; two meetings of the section that overlap are refused in words. */
function checkMeetings(rows: MeetingRow[], ctx: z.RefinementCtx) {
  const meetings = rows.map((r) => ({ day: Number(r.day), startsAt: r.startsAt.slice(0, 5), endsAt: r.endsAt.slice(0, 5) }));
  const say = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (meetings.length > 14) say('At most 14 meetings a week.');
  meetings.forEach((m, i) => {
    if (!Number.isInteger(m.day) || m.day < 1 || m.day > 7) say(`Meeting ${i + 1}: choose a day.`);
    else if (!TIME.test(m.startsAt) || !TIME.test(m.endsAt)) say(`Meeting ${i + 1}: enter a start and an end time like 09:30.`);
    else if (m.startsAt >= m.endsAt) say(`Meeting ${i + 1}: the end must be after the start.`);
  });
  meetings.forEach((a, i) =>
    meetings.forEach((b, j) => {
      if (j > i && a.day === b.day && a.startsAt < b.endsAt && b.startsAt < a.endsAt)
        say(`Meetings ${i + 1} and ${j + 1} overlap.`);
    }),
  );
  return meetings;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const optionalDate = text(
  z
    .string()
    .trim()
    .refine((v) => v === '' || (DATE.test(v) && !Number.isNaN(Date.parse(v))), 'Enter a date like 2026-10-15')
    .transform((v) => v || null),
);

/** A set's member and a part of the term (docs/decisions/0022); the database checks the link's course and term. */
const structureFields = {
  component: text(
    z
      .string()
      .trim()
      .toUpperCase()
      .transform((v) => v || 'LEC')
      .pipe(z.string().regex(/^[A-Z]{2,4}$/, 'Use 2 to 4 letters, like LEC or LAB')),
  ),
  linkedSectionId: text(
    z
      .string()
      .transform((v) => v || null)
      .pipe(idSchema.nullable()),
  ),
  credits: text(
    z
      .string()
      .trim()
      .refine((v) => v === '' || /^\d{1,2}(\.\d)?$/.test(v), 'Enter credits like 3 or 1.5, or leave empty')
      .transform((v) => (v === '' ? null : Number(v)))
      .refine((n) => n === null || n <= 40, 'At most 40 credits'),
  ),
  startsOn: optionalDate,
  endsOn: optionalDate,
};

/** Capacity, instructor, meetings, location: what a registrar may change on a section. */
const settingsFields = {
  ...structureFields,
  capacity,
  instructorId: text(
    z
      .string()
      .transform((v) => v || null)
      .pipe(idSchema.nullable()),
  ),
  meetings: z.array(z.object({ day: z.string(), startsAt: z.string(), endsAt: z.string() })).transform(checkMeetings),
  location: text(z.string().trim().max(100, 'At most 100 characters')),
  /** Left out or empty: unchanged (0 for a new section). */
  waitlistCapacity: text(
    z
      .string()
      .trim()
      .regex(/^\d{0,4}$/, 'Enter a whole number of places')
      .transform((v) => (v === '' ? undefined : Number(v)))
      .refine((n) => n === undefined || n <= 1000, 'At most 1000 places'),
  ),
};

export const createSectionSchema = z.preprocess(
  withMeetings,
  z.object({
    courseId: chosenId('a course'),
    termId: chosenId('a term'),
    code: text(
      z
        .string()
        .trim()
        .toUpperCase()
        .min(1, 'Enter a section code')
        .max(10, 'At most 10 characters')
        .regex(/^[A-Z0-9-]+$/, 'Use letters, digits and hyphens only'),
    ),
    ...settingsFields,
  }),
);

/**
 * The students a registrar saw in the move's preview and accepts in conflict (docs/decisions/0018): ids joined by
 * commas, sent by the "Apply anyway" button; absent for an ordinary save.
 */
const acceptConflicts = z
  .string()
  .regex(/^\d{1,10}(,\d{1,10}){0,9999}$/, 'Review the conflicts again')
  .transform((v) => v.split(',').map(Number))
  .optional();

export const updateSectionSchema = z.preprocess(
  withMeetings,
  z.object({ sectionId: idSchema, ...settingsFields, acceptConflicts }),
);

export const deleteSectionSchema = z.object({ sectionId: idSchema });

/** A registrar enrolls or drops a student, named by email. */
export const rosterOverrideSchema = z.object({
  sectionId: idSchema,
  studentEmail: text(
    z.string().trim().toLowerCase().min(1, "Enter the student's email").email('Enter a valid email address').max(320),
  ),
});
