import { defineRule, you } from './rule';

export interface RegistrationHoldDetail {
  sectionId: number;
  holdId: number;
  reason: string;
  placedAt: string;
}

/** db/sql/functions/rule_registration_hold.sql: any hold not lifted blocks adding seats. */
export const registrationHold = defineRule<'registration_hold', RegistrationHoldDetail, null>({
  code: 'registration_hold',
  sqlstate: '23514',
  constraint: 'enrollments_no_active_hold',
  status: 403,
  message: 'A registration hold prevents adding classes',
  override: null,
  describe: (detail, reader) =>
    `${you(reader, 'You have', 'The student has')} a registration hold: ${detail.reason}. ${you(reader, "Contact the registrar's office to lift it.", 'Lift it on the student page first.')}`,
});
