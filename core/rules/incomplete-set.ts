import { defineRule } from './rule';

export interface IncompleteSetDetail {
  /** The held section whose set lacks a member: "CHEM 1211K-A". */
  sectionId: number;
  section: string;
  /** The component missing: "LAB". */
  component: string;
  /** The sections that would complete it, by code. */
  choices: { id: number; code: string }[];
}

/** "A01–A08" for a run of numbered codes, else "A01, A03, B01". */
export function choicesInWords(codes: readonly string[]): string {
  const parsed = codes.map((c) => /^(.*?)(\d+)$/.exec(c));
  const run =
    codes.length >= 3 &&
    parsed.every(
      (m, i) =>
        m && m[1] === parsed[0]![1] && m[2]!.length === parsed[0]![2]!.length && Number(m[2]) === Number(parsed[0]![2]) + i,
    );
  return run ? `${codes[0]}–${codes.at(-1)}` : codes.join(', ');
}

/**
 * db/sql/functions/rule_incomplete_set.sql: a set is complete when the transaction commits (docs/decisions/0022),
 * decided by the deferred constraint triggers enrollments_complete_set and sections_complete_sets. No override:
 * a lecture without its lab is not a schedule.
 */
export const incompleteSet = defineRule<'incomplete_set', IncompleteSetDetail, null>({
  code: 'incomplete_set',
  sqlstate: '23514',
  constraint: 'enrollments_complete_set',
  status: 409,
  message: 'This section is taken with the other sections of its set',
  override: null,
  describe: (detail) =>
    `${detail.section} needs a ${detail.component} section: ${choicesInWords(detail.choices.map((c) => c.code))}.`,
});
