import { defineRule, type OverrideSpec, you } from './rule';

export interface CreditLimitDetail {
  sectionId: number;
  /** The would-be total (credits let past the maximum by an override are not counted). */
  credits: number;
  maxCredits: number;
  currentCredits: number;
  sectionCredits: number;
}

/** db/sql/functions/rule_credit_limit.sql: the term's credits within the student's maximum. */
export const creditLimit = defineRule<'credit_limit', CreditLimitDetail, OverrideSpec>({
  code: 'credit_limit',
  sqlstate: '23514',
  constraint: 'student_term_credits_within_max',
  status: 409,
  message: 'This section would take you past your credit maximum',
  override: { label: 'Credit maximum', inHistory: 'credit maximum' },
  describe: (detail, reader) =>
    `This section would bring ${you(reader, 'you', 'the student')} to ${detail.credits} credits this term; the maximum is ${detail.maxCredits}.`,
});
