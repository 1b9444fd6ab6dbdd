/**
 * The rule registry (docs/decisions/0017). REGISTRATION_RULES is the order in which
 * db/sql/functions/enrollments_apply_registration_rules.sql calls them (the first refusal is the answer); the
 * capacity rule is decided after them, by the count trigger under its CHECK. A new rule is one SQL function, one
 * module here, and its tests.
 */
import { alreadyInCourse } from './already-in-course';
import { appointmentNotReached } from './appointment-not-reached';
import { sectionFull } from './capacity';
import { creditLimit } from './credit-limit';
import { incompleteSet } from './incomplete-set';
import { prerequisiteMissing } from './prerequisite-missing';
import { registrationHold } from './registration-hold';
import { seatsReserved } from './seats-reserved';
import type { OverrideSpec, Reader, RuleDefinition } from './rule';
import { timeConflict } from './time-conflict';

export type { Reader } from './rule';
export type { AlreadyInCourseDetail } from './already-in-course';
export type { AppointmentNotReachedDetail } from './appointment-not-reached';
export { formatOpensAt } from './appointment-not-reached';
export type { SeatsReservedDetail } from './seats-reserved';
export { formatReleaseDay } from './seats-reserved';
export type { SectionFullDetail } from './capacity';
export type { CreditLimitDetail } from './credit-limit';
export type { IncompleteSetDetail } from './incomplete-set';
export type { MissingPrerequisiteGroup, PrerequisiteMissingDetail } from './prerequisite-missing';
export { describeMissingPrerequisites } from './prerequisite-missing';
export type { RegistrationHoldDetail } from './registration-hold';
export type { TimeConflictDetail } from './time-conflict';

export const REGISTRATION_RULES = [
  appointmentNotReached,
  registrationHold,
  alreadyInCourse,
  prerequisiteMissing,
  timeConflict,
  creditLimit,
] as const;
/** Rules decided when the transaction commits, by deferred constraint triggers (docs/decisions/0022). */
export const COMMIT_RULES = [incompleteSet] as const;
/** Every rule a refusal can name, whenever the database decides it. */
export const ALL_RULES = [...REGISTRATION_RULES, ...COMMIT_RULES] as const;
/**
 * Every refusal whose facts come in a DETAIL: the registration rules, capacity, and reserved seats (decided beside
 * capacity by the count trigger, docs/decisions/0025).
 */
const REFUSING_RULES = [...ALL_RULES, sectionFull, seatsReserved] as const;

type AnyRule = (typeof REFUSING_RULES)[number];
type DetailOf<R> = R extends RuleDefinition<string, infer D, OverrideSpec | null> ? D : never;

export type RuleFailure = (typeof ALL_RULES)[number]['code'];
export const RULE_FAILURES = ALL_RULES.map((r) => r.code) as RuleFailure[];

/** A refusal and the facts it names (null when the constraint itself refused, without the function's DETAIL). */
export type RuleRefusal = { [R in AnyRule as R['code']]: { rule: R['code']; detail: DetailOf<R> | null } }[AnyRule['code']];

/** The rules a registrar can let a student past for one section, with the form's label (db enum overridable_rule). */
export type OverridableRuleCode = Extract<(typeof REGISTRATION_RULES)[number], { override: OverrideSpec }>['code'];
export const OVERRIDABLE_RULES = REGISTRATION_RULES.flatMap((r) =>
  r.override ? [[r.code as OverridableRuleCode, r.override.label] as const] : [],
);

export function isRuleFailure(code: string): code is RuleFailure {
  return (RULE_FAILURES as readonly string[]).includes(code);
}

/** The rule a SQLSTATE and constraint name mean, whatever the statement (capacity excepted: see db/errors.ts). */
export function ruleByConstraint(sqlstate: string, constraint: string): (typeof ALL_RULES)[number] | undefined {
  return ALL_RULES.find((r) => r.sqlstate === sqlstate && r.constraint === constraint);
}

export function ruleOf(code: string): AnyRule | undefined {
  return REFUSING_RULES.find((r) => r.code === code);
}

/** The outcome table's entry of every rule: code → status and message. */
export const RULE_OUTCOMES = Object.fromEntries(
  REFUSING_RULES.map((r) => [r.code, { status: r.status, message: r.message }]),
) as Record<AnyRule['code'], { status: number; message: string }>;

/** The facts a DETAIL carries, when it is this rule's JSON; null for any other text (the EXCLUDE constraint's own). */
export function parseRuleDetail(code: AnyRule['code'], text: string | null | undefined): RuleRefusal {
  const refusal = { rule: code, detail: null } as RuleRefusal;
  if (!text?.startsWith('{')) return refusal;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && (parsed as { rule?: unknown }).rule === code) {
      const { rule: _rule, ...detail } = parsed as Record<string, unknown>;
      return { rule: code, detail } as unknown as RuleRefusal;
    }
  } catch {
    // Not ours: no facts to name.
  }
  return refusal;
}

/** The sentence for a refusal, or undefined when it carries no facts (the outcome table's words then). */
export function describeRefusal(refusal: RuleRefusal, reader: Reader = 'student'): string | undefined {
  if (!refusal.detail) return undefined;
  const rule = ruleOf(refusal.rule) as RuleDefinition<string, object, OverrideSpec | null>;
  return rule.describe(refusal.detail, reader);
}

/** How the history names an override's rule ("past the time conflict rule"). */
export function overrideInHistory(code: string): string {
  return REGISTRATION_RULES.find((r) => r.code === code)?.override?.inHistory ?? code.replaceAll('_', ' ');
}
