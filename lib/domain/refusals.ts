/**
 * A refusal in one sentence that names what it is about (product.md "Second stage"). The sentences are the rule
 * registry's (core/rules); this adds the two cases that come from stored or re-read facts. Students read them
 * about themselves; a registrar acting for a student reads them about "the student".
 */
import { describeRefusal, type Reader, type TimeConflictDetail } from '@/core/rules';
import { storedRuleRefusal } from '@/db/errors';
import { outcomeFor, type Failure } from '@/lib/outcomes';

/** A time conflict re-read after the EXCLUDE constraint refused without facts (lib/domain/students.ts). */
export function describeTimeConflict(detail: TimeConflictDetail, reader: Reader = 'student'): string {
  return describeRefusal({ rule: 'time_conflict', detail }, reader)!;
}

/** Why a promotion passed a waiting student over, from what the waitlist entry stored (docs/decisions/0011). */
export function describePassedOver(reason: string, detail: string | null, reader: Reader = 'student'): string {
  const refusal = storedRuleRefusal(reason, detail);
  return (refusal && describeRefusal(refusal, reader)) ?? outcomeFor(reason as Failure)?.message ?? reason.replaceAll('_', ' ');
}
