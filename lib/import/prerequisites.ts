/**
 * The importer's one door to a prerequisite expression: `parsePrerequisites(text)` → groups (every group needed,
 * any one course of a group enough). Helper B's core/prerequisites.ts is the shared parser; at merge this function
 * points at it (docs/decisions/0024). Grammar: course codes with an optional minimum grade in brackets, `and`,
 * `or`, parentheses; `and` binds tighter, so `A and B or C` is `(A or C) and (B or C)`.
 */
import { LETTER_GRADES } from '@/db/schema';

export interface PrerequisiteCourse {
  subject: string;
  number: string;
  minGrade: string | null;
}
export type PrerequisiteGroups = PrerequisiteCourse[][];

type Token = { kind: 'and' | 'or' | '(' | ')' } | { kind: 'course'; course: PrerequisiteCourse };

const MINIMUM_GRADES: readonly string[] = LETTER_GRADES.filter((g) => g !== 'F');
const MAX_GROUPS = 32;

function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\()|(\))|(and|or)\b|([A-Za-z]{2,6})\s*([0-9][0-9A-Za-z]{0,7})\s*(?:\[\s*([^\]]*?)\s*\])?)/iy;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) return `cannot read "${text.slice(at).trim().slice(0, 20)}"`;
    at = pattern.lastIndex;
    if (m[1]) tokens.push({ kind: '(' });
    else if (m[2]) tokens.push({ kind: ')' });
    else if (m[3]) tokens.push({ kind: m[3].toLowerCase() as 'and' | 'or' });
    else {
      const grade = m[6]?.toUpperCase();
      if (grade !== undefined && !MINIMUM_GRADES.includes(grade)) return `"${m[6]}" is not a minimum grade`;
      tokens.push({
        kind: 'course',
        course: { subject: m[4]!.toUpperCase(), number: m[5]!.toUpperCase(), minGrade: grade ?? null },
      });
    }
  }
  return tokens;
}

/** Conjunctive normal form as it is built: a list of groups (OR of courses), all needed. */
function orOf(a: PrerequisiteGroups, b: PrerequisiteGroups): PrerequisiteGroups {
  const out: PrerequisiteGroups = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  return out;
}

export function parsePrerequisites(text: string): { ok: true; groups: PrerequisiteGroups } | { ok: false; reason: string } {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, reason: tokens };
  if (!tokens.length) return { ok: true, groups: [] };
  let i = 0;
  const fail = (reason: string): never => {
    throw new SyntaxError(reason);
  };
  const primary = (): PrerequisiteGroups => {
    const token = tokens[i++];
    if (!token) return fail('ends where a course was expected');
    if (token.kind === 'course') return [[token.course]];
    if (token.kind === '(') {
      const inner = disjunction();
      if (tokens[i++]?.kind !== ')') fail('a parenthesis is not closed');
      return inner;
    }
    return fail(`"${token.kind}" where a course was expected`);
  };
  const conjunction = (): PrerequisiteGroups => {
    let groups = primary();
    while (tokens[i]?.kind === 'and') {
      i++;
      groups = [...groups, ...primary()];
    }
    return groups;
  };
  const disjunction = (): PrerequisiteGroups => {
    let groups = conjunction();
    while (tokens[i]?.kind === 'or') {
      i++;
      groups = orOf(groups, conjunction());
      if (groups.length > MAX_GROUPS) fail(`expands to more than ${MAX_GROUPS} groups: write it as groups joined by "and"`);
    }
    return groups;
  };
  try {
    const groups = disjunction();
    if (i < tokens.length) fail(`unexpected "${(tokens[i] as { kind: string }).kind}"`);
    // A course twice in a group is once; the same group twice is once.
    const seen = new Set<string>();
    const unique: PrerequisiteGroups = [];
    for (const group of groups) {
      const byCode = new Map(group.map((c) => [`${c.subject} ${c.number} ${c.minGrade ?? ''}`, c]));
      const members = [...byCode.values()].sort((a, b) => `${a.subject} ${a.number}`.localeCompare(`${b.subject} ${b.number}`));
      const key = members.map((c) => `${c.subject} ${c.number} ${c.minGrade ?? ''}`).join('|');
      if (!seen.has(key)) {
        seen.add(key);
        unique.push(members);
      }
    }
    return { ok: true, groups: unique };
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false, reason: error.message };
    throw error;
  }
}
