import { z } from 'zod';
import type { HistoryFilter } from '@/db/queries/history';
import { enrollmentEventKind } from '@/db/schema';
import { CAMPUS_TIME_ZONE } from '@/lib/format';
import { hasNul } from '@/lib/text';
import type { ActionState } from './action-state';
import { fieldErrors } from './field-errors';
import { firstParam, type SearchParams } from './search-params';

const empty = (value: unknown) => (value === '' ? undefined : value);
const day = z.preprocess(
  empty,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
      message: 'Enter a real date',
    })
    .optional(),
);

/** The timeline's filters (docs/decisions/0012): one kind of event, a range of campus days. */
export const historyFilterSchema = z
  .object({
    kind: z.preprocess(empty, z.enum(enrollmentEventKind.enumValues, { message: 'Choose a kind of event' }).optional()),
    from: day,
    to: day,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'The end date is before the start date', path: ['to'] });

export type HistoryFilterInput = z.output<typeof historyFilterSchema>;

/** The filters from a page's or file's query string: each parameter once (the first), NUL refused. */
export function parseHistoryFilter(
  params: SearchParams,
): { ok: true; value: Omit<HistoryFilter, 'studentId' | 'sectionId'> } | { ok: false; fields: Record<string, string[]> } {
  const raw = { kind: firstParam(params.kind), from: firstParam(params.from), to: firstParam(params.to) };
  if (hasNul(raw)) return { ok: false, fields: { kind: ['Enter printable text'] } };
  const parsed = historyFilterSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  return { ok: true, value: { ...parsed.data, timeZone: CAMPUS_TIME_ZONE } };
}

/** The query string that keeps the current filters (for the CSV link). */
export function historyQuery(filter: HistoryFilterInput): string {
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1])));
  return query.size ? `?${query}` : '';
}

/** The page's filters: what the query asked for, handed back to the form with any field errors. */
export function historyFilterState(params: SearchParams) {
  const parsed = parseHistoryFilter(params);
  const values = Object.fromEntries(
    (['kind', 'from', 'to'] as const).map((name) => [name, firstParam(params[name]) ?? '']).filter(([, v]) => v && !hasNul(v)),
  ) as Record<string, string>;
  const state: ActionState = parsed.ok
    ? { status: 'idle', message: '', values }
    : { status: 'error', message: 'Please correct the highlighted fields', fieldErrors: parsed.fields, values };
  return { parsed, state, query: parsed.ok ? historyQuery(parsed.value) : '' };
}
