/**
 * A registration rule's refusal in one sentence that names what it is about (product.md "Second stage"): the other
 * section and its time, the section held, the totals, the missing courses, the hold's reason. Students read it
 * about themselves; a registrar acting for a student reads it about "the student".
 */
import { storedRuleRefusal, type RuleRefusal, type TimeConflictDetail } from '@/db/rule-refusals';
import { formatMeetings } from '@/lib/format';
import { outcomeFor, type Failure } from '@/lib/outcomes';

export type Reader = 'student' | 'registrar';

const list = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

export function describeTimeConflict(detail: TimeConflictDetail, reader: Reader = 'student'): string {
  const other = `${detail.conflictingSection} (${formatMeetings(detail.conflictingMeetings)})`;
  return reader === 'student'
    ? `This section meets at the same time as ${other}, which you are enrolled in.`
    : `This section meets at the same time as ${other}, which the student is enrolled in.`;
}

/** The sentence for a refusal, or undefined when the refusal carries no detail (the outcome table's words then). */
export function describeRefusal(refusal: RuleRefusal, reader: Reader = 'student'): string | undefined {
  const you = reader === 'student';
  switch (refusal.rule) {
    case 'time_conflict':
      return refusal.detail ? describeTimeConflict(refusal.detail, reader) : undefined;
    case 'already_in_course':
      return refusal.detail
        ? `${you ? 'You already hold' : 'The student already holds'} a seat in ${refusal.detail.heldSection}, another section of this course.`
        : undefined;
    case 'credit_limit':
      return refusal.detail
        ? `This section would bring ${you ? 'you' : 'the student'} to ${refusal.detail.credits} credits this term; the maximum is ${refusal.detail.maxCredits}.`
        : undefined;
    case 'prerequisite_missing':
      return refusal.detail?.missing.length
        ? `${you ? 'You need' : 'The student needs'} to complete ${list(refusal.detail.missing.map((m) => m.course))} first.`
        : undefined;
    case 'registration_hold':
      return refusal.detail
        ? `${you ? 'You have' : 'The student has'} a registration hold: ${refusal.detail.reason}. ${you ? "Contact the registrar's office to lift it." : 'Lift it on the student page first.'}`
        : undefined;
  }
}

/** Why a promotion passed a waiting student over, from what the waitlist entry stored (docs/decisions/0011). */
export function describePassedOver(reason: string, detail: string | null, reader: Reader = 'student'): string {
  const refusal = storedRuleRefusal(reason, detail);
  return (refusal && describeRefusal(refusal, reader)) ?? outcomeFor(reason as Failure)?.message ?? reason.replaceAll('_', ' ');
}
