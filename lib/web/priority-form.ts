import { z } from 'zod';
import { idSchema } from '@/lib/ids';
import { text } from './form-text';

const STANDINGS = ['freshman', 'sophomore', 'junior', 'senior', 'graduate'] as const;
const optional = (s: string) => (s === '' ? null : s);

/** A reservation on the section form (docs/decisions/0025): a class standing and/or a major, seats, a release time. */
export const reservationSchema = z
  .object({
    sectionId: idSchema,
    classStanding: text(z.union([z.literal(''), z.enum(STANDINGS, { message: 'Choose a class standing' })])).transform(optional),
    major: text(z.string().trim().max(80, 'At most 80 characters')).transform(optional),
    seats: text(
      z
        .string()
        .trim()
        .regex(/^\d{1,4}$/, 'Enter a whole number of seats')
        .transform(Number)
        .refine((n) => n >= 1, 'At least 1 seat'),
    ),
    releasedAt: text(
      z
        .string()
        .trim()
        .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Enter a date and time')
        .refine((s) => !Number.isNaN(Date.parse(`${s}:00Z`)), 'Enter a real date and time'),
    ),
  })
  .refine((r) => r.classStanding !== null || r.major !== null, {
    message: 'Name a class standing, a major, or both',
    path: ['classStanding'],
  });

export const reservationIdSchema = z.object({ sectionId: idSchema, reservationId: idSchema });

export const crossListSchema = z.object({
  sectionId: idSchema,
  code: text(
    z
      .string()
      .trim()
      .min(1, 'Enter the cross-list code')
      .max(40, 'At most 40 characters')
      .regex(/^[A-Za-z0-9 ._/-]+$/, 'Letters, digits, spaces and . _ / - only'),
  ),
  capacity: text(
    z
      .string()
      .trim()
      .regex(/^(\d{1,5})?$/, 'Enter a whole number of seats')
      .transform((s) => (s === '' ? null : Number(s))),
  ),
});

export const sectionOnlySchema = z.object({ sectionId: idSchema });
