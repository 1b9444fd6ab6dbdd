/**
 * What one registration rule is, in one place (docs/decisions/0017): the code the API answers, the constraint and
 * SQLSTATE its SQL function raises (db/sql/functions/rule_*.sql), the HTTP status, the outcome table's message, the
 * sentence made from the facts its DETAIL carries, and whether a registrar can let a student past it. The error
 * translator, the outcome table, the refusal sentences, the history labels and the override form all read these.
 */
export type Reader = 'student' | 'registrar';

export interface OverrideSpec {
  /** The override form's label. */
  label: string;
  /** The history's words: "past the time conflict rule". */
  inHistory: string;
}

export interface RuleDefinition<
  Code extends string,
  Detail extends object,
  Override extends OverrideSpec | null = OverrideSpec | null,
> {
  code: Code;
  sqlstate: string;
  constraint: string;
  status: number;
  message: string;
  /** The override a registrar can grant past this rule: its label on the form and its words in the history. */
  override: Override;
  /** The sentence a person reads, from the facts the refusal's DETAIL carries. */
  describe(detail: Detail, reader: Reader): string | undefined;
  /** Phantom: the DETAIL's shape, for the registry's types. */
  readonly detail?: Detail;
}

export function defineRule<Code extends string, Detail extends object, Override extends OverrideSpec | null>(
  rule: RuleDefinition<Code, Detail, Override>,
): RuleDefinition<Code, Detail, Override> {
  return rule;
}

export const you = (reader: Reader, student: string, registrar: string) => (reader === 'student' ? student : registrar);

export const listInWords = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
