/**
 * What a registration-rule refusal names (product.md "Second stage"): the trigger that refuses puts the facts in
 * the error's DETAIL as JSON (drizzle/0002_registration_rules.sql), so the app can say "CS 101-002 (MWF 10:00–10:50 AM)"
 * without another query. A refusal that comes from the EXCLUDE constraint itself (no JSON) has `detail: null`; the
 * app then asks findTimeConflict() in db/queries/registration-rules.ts.
 */
import type { Meeting } from '@/lib/format';
import { RULE_FAILURES, ruleFailureOf, unwrapPgError, type RuleFailure } from './errors';

/** A weekly meeting as the refusals carry it: ISO weekday (1 = Monday), "HH:MM" 24-hour times. */
export type MeetingTime = Meeting;

export interface TimeConflictDetail extends MeetingTime {
  sectionId: number;
  conflictingSectionId: number;
  /** "CS 101-002" */
  conflictingSection: string;
  /** All meetings of the conflicting section, for "MWF 10:00–10:50". The overlapping one is day/startsAt/endsAt. */
  conflictingMeetings: MeetingTime[];
  /** Set when a registrar's meeting change was refused: the enrolled student it would have hurt. */
  studentId?: number;
}

export interface AlreadyInCourseDetail {
  sectionId: number;
  heldSectionId: number;
  heldSection: string;
}

export interface CreditLimitDetail {
  sectionId: number;
  /** The would-be total (credits let past the maximum by an override are not counted). */
  credits: number;
  maxCredits: number;
  currentCredits: number;
  sectionCredits: number;
}

export interface PrerequisiteMissingDetail {
  sectionId: number;
  /** "CS 101" */
  missing: { courseId: number; course: string }[];
}

export interface RegistrationHoldDetail {
  sectionId: number;
  holdId: number;
  reason: string;
  placedAt: string;
}

export type RuleRefusal =
  | { rule: 'time_conflict'; detail: TimeConflictDetail | null }
  | { rule: 'already_in_course'; detail: AlreadyInCourseDetail | null }
  | { rule: 'credit_limit'; detail: CreditLimitDetail | null }
  | { rule: 'prerequisite_missing'; detail: PrerequisiteMissingDetail | null }
  | { rule: 'registration_hold'; detail: RegistrationHoldDetail | null };

export function isRuleFailure(failure: string): failure is RuleFailure {
  return (RULE_FAILURES as readonly string[]).includes(failure);
}

/** The refusal a database error carries, or null when it is not a registration rule's. Never logs. */
export function ruleRefusalOf(error: unknown): RuleRefusal | null {
  const rule = ruleFailureOf(error);
  if (!rule) return null;
  const detail = parseDetail(unwrapPgError(error).detail, rule);
  return { rule, detail } as RuleRefusal;
}

/** A refusal stored as its code and detail text (a waitlist entry passed over at promotion), or null when not a rule's. */
export function storedRuleRefusal(reason: string, detail: string | null): RuleRefusal | null {
  if (!isRuleFailure(reason)) return null;
  return { rule: reason, detail: parseDetail(detail ?? undefined, reason) } as RuleRefusal;
}

function parseDetail(text: string | undefined, rule: RuleFailure): object | null {
  if (!text?.startsWith('{')) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && (parsed as { rule?: unknown }).rule === rule) {
      const { rule: _rule, ...detail } = parsed as Record<string, unknown>;
      return detail;
    }
  } catch {
    // Not ours (the EXCLUDE constraint's own "Key (…) conflicts with …" text): no detail.
  }
  return null;
}
