/**
 * The rule registry (core/rules) and the database's rules (db/sql) describe the same rules: the same constraint
 * and SQLSTATE, the same order, the same overridable set. A new rule missing from one side fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ALL_RULES, OVERRIDABLE_RULES, REGISTRATION_RULES, RULE_OUTCOMES } from '../core/rules';
import { classifyDbError } from '../db/errors';
import { SQL_SOURCE_DIR } from '../db/tooling/sql-source';
import { outcomeFor } from '../lib/outcomes';

const sql = postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} });
afterAll(() => sql.end());

const ERRCODES: Record<string, string> = {
  check_violation: '23514',
  unique_violation: '23505',
  exclusion_violation: '23P01',
};
const functionSource = (name: string) => fs.readFileSync(path.join(SQL_SOURCE_DIR, 'functions', `${name}.sql`), 'utf8');

describe('the rule registry', () => {
  it.each(ALL_RULES.map((r) => [r.code, r] as const))(
    '%s: its SQL function raises its constraint and SQLSTATE, and the translator and outcome table read them',
    (code, rule) => {
      const source = functionSource(`rule_${code}`);
      const raised = /ERRCODE = '(\w+)', CONSTRAINT = '(\w+)'/.exec(source);
      expect(raised?.slice(1)).toEqual([Object.keys(ERRCODES).find((k) => ERRCODES[k] === rule.sqlstate), rule.constraint]);
      expect(source).toContain(`'rule', '${code}'`);
      const error = { cause: { code: rule.sqlstate, constraint_name: rule.constraint } };
      expect(classifyDbError(error, 'enroll')).toBe(code);
      expect(outcomeFor(code)).toEqual({ status: rule.status, message: rule.message });
      // A promotion that meets the rule passes the student over with the rule's own code.
      expect(functionSource('waitlist_promote')).toContain(`WHEN failed_constraint = '${rule.constraint}' THEN '${code}'`);
    },
  );

  it('is in the order the dispatcher calls the rules', () => {
    const dispatcher = functionSource('enrollments_apply_registration_rules');
    const called = [...dispatcher.matchAll(/(?:\bPERFORM|:=) rule_(\w+)\(/g)].map((m) => m[1]);
    expect(called).toEqual(REGISTRATION_RULES.map((r) => r.code));
  });

  it('lets a registrar override exactly the rules the database enum overridable_rule allows', async () => {
    const rows = await sql<{ value: string }[]>`SELECT unnest(enum_range(NULL::overridable_rule))::text AS value`;
    expect(OVERRIDABLE_RULES.map(([code]) => code).sort()).toEqual(rows.map((r) => r.value).sort());
  });

  it('gives every refusal of the registry one entry in the outcome table', () => {
    for (const [code, outcome] of Object.entries(RULE_OUTCOMES)) {
      expect(outcomeFor(code as keyof typeof RULE_OUTCOMES)).toEqual(outcome);
    }
  });
});
