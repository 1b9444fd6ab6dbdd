'use server';

import { revalidatePath } from 'next/cache';
import { copyTermSections, insertTerm, updateTerm } from '@/db/queries/terms';
import type { Failure } from '@/lib/outcomes';
import { action } from '@/lib/web/action';
import { copyTermSchema, createTermSchema, updateTermSchema } from '@/lib/web/term-form';

const FIELD_OF: Partial<Record<Failure, string>> = {
  duplicate_term_code: 'code',
  term_dates_out_of_order: 'registrationClosesAt',
  term_dates_conflict: 'classesStartOn',
  term_dates_cut_meeting: 'classesStartOn',
  duplicate_section_code: 'toTermId',
  term_not_found: 'toTermId',
};

const termPages = () => {
  for (const path of ['/registrar/terms', '/registrar', '/sections', '/schedule']) revalidatePath(path);
};

export const createTermAction = action({
  roles: ['registrar'],
  input: createTermSchema,
  run: async (values) => {
    const result = await insertTerm(values);
    if (result.ok) termPages();
    return result;
  },
  done: (term) => ({ redirect: `/registrar/terms?created=${encodeURIComponent(term.code)}` }),
  fieldOf: FIELD_OF,
});

export const updateTermAction = action({
  roles: ['registrar'],
  input: updateTermSchema,
  run: async ({ termId, ...values }) => {
    const result = await updateTerm(termId, values);
    if (result.ok) termPages();
    return result;
  },
  done: (term) => `${term.name} saved.`,
  fieldOf: FIELD_OF,
});

/** Roll-over: every section of one term into another, in one transaction (db/queries/terms copyTermSections). */
export const copyTermAction = action({
  roles: ['registrar'],
  input: copyTermSchema,
  run: async ({ fromTermId, toTermId }) => {
    const result = await copyTermSections(fromTermId, toTermId);
    if (result.ok) termPages();
    return result;
  },
  done: (copied) =>
    `Copied ${copied.sections === 1 ? '1 section' : `${copied.sections} sections`} and ${copied.meetings === 1 ? '1 meeting' : `${copied.meetings} meetings`}; nobody is enrolled in the copies.`,
  fieldOf: FIELD_OF,
  messageFor: (refusal) =>
    refusal.reason === 'duplicate_section_code'
      ? 'The target term already has sections with the same course and code: nothing was copied'
      : undefined,
});
