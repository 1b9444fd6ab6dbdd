/**
 * Prerequisite expressions, the contract's words (docs/decisions/0023): course codes with an optional minimum grade
 * in brackets, `and`, `or` and parentheses, `and` binding tighter: `(CS 1301 [C] or CS 1315 [C]) and MATH 1551`.
 * The database keeps them as groups (course_prerequisites.group_no): the course needs every group, a group is met
 * by any one of its courses, i.e. conjunctive normal form. Pure: the registrar's form and the CSV importer both
 * parse with it, and every page prints groups back with it.
 */

/** The minimum grades a prerequisite may ask for, best first (F is never a minimum; P and S carry no letter). */
export const MINIMUM_GRADES = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-'] as const;
export type MinimumGrade = (typeof MINIMUM_GRADES)[number];

/** An `or` of `and`s is distributed into groups; past this many the expression is refused, not stored. */
export const MAX_PREREQUISITE_GROUPS = 32;

export interface PrerequisiteCourse {
  subject: string;
  number: string;
  minGrade: MinimumGrade | null;
}

/** Any one of its courses meets the group. */
export type PrerequisiteGroup = PrerequisiteCourse[];

export interface PrerequisiteSyntaxError {
  /** Offset into the text (0-based) where it went wrong. */
  position: number;
  /** "Expected a course number after CS at character 4." */
  message: string;
}

export type ParsedPrerequisites =
  { ok: true; groups: PrerequisiteGroup[]; expression: string } | { ok: false; error: PrerequisiteSyntaxError };

type Node =
  | { kind: 'course'; course: PrerequisiteCourse }
  | { kind: 'and' | 'or'; children: Node[]; /** where it starts, for the expansion's error */ position: number };

interface Token {
  kind: 'word' | '(' | ')' | 'grade' | 'end';
  text: string;
  position: number;
}

class SyntaxFailure extends Error {
  constructor(
    readonly position: number,
    what: string,
  ) {
    super(`${what} at character ${position + 1}.`);
  }
}

const describeToken = (t: Token) => (t.kind === 'end' ? 'the end' : t.kind === 'grade' ? `[${t.text}]` : `"${t.text}"`);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, text: ch, position: i });
      i += 1;
    } else if (ch === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) throw new SyntaxFailure(i, 'A minimum grade in brackets is not closed with "]"');
      const grade = text.slice(i + 1, close).trim();
      if (!(MINIMUM_GRADES as readonly string[]).includes(grade.toUpperCase())) {
        throw new SyntaxFailure(
          i,
          `"${grade}" is not a minimum grade (one of ${MINIMUM_GRADES.join(' ')}; F, P and S cannot be minimums)`,
        );
      }
      tokens.push({ kind: 'grade', text: grade.toUpperCase(), position: i });
      i = close + 1;
    } else if (/[A-Za-z0-9]/.test(ch)) {
      const match = /^[A-Za-z0-9]+/.exec(text.slice(i))![0];
      tokens.push({ kind: 'word', text: match, position: i });
      i += match.length;
    } else {
      throw new SyntaxFailure(i, `Unexpected "${ch}"`);
    }
  }
  tokens.push({ kind: 'end', text: '', position: text.length });
  return tokens;
}

const isKeyword = (t: Token, word: 'and' | 'or') => t.kind === 'word' && t.text.toLowerCase() === word;

/** expression := conjunction ("or" conjunction)*; conjunction := factor ("and" factor)*; factor := course | "(" expression ")". */
function parseTokens(tokens: Token[]): Node {
  let at = 0;
  const peek = () => tokens[at]!;
  const next = () => tokens[at++]!;

  function course(): Node {
    const subject = next();
    if (subject.kind !== 'word' || !/^[A-Za-z]+$/.test(subject.text) || isKeyword(subject, 'and') || isKeyword(subject, 'or')) {
      throw new SyntaxFailure(subject.position, `Expected a course (such as CS 1301) or "(", found ${describeToken(subject)}`);
    }
    const number = next();
    if (number.kind !== 'word' || isKeyword(number, 'and') || isKeyword(number, 'or')) {
      throw new SyntaxFailure(number.position, `Expected a course number after ${subject.text}, found ${describeToken(number)}`);
    }
    let minGrade: MinimumGrade | null = null;
    if (peek().kind === 'grade') minGrade = next().text as MinimumGrade;
    return { kind: 'course', course: { subject: subject.text.toUpperCase(), number: number.text, minGrade } };
  }

  function factor(): Node {
    if (peek().kind !== '(') return course();
    const open = next();
    const inner = expression();
    const close = next();
    if (close.kind !== ')') {
      throw new SyntaxFailure(
        close.position,
        `Expected ")" to close the "(" at character ${open.position + 1}, found ${describeToken(close)}`,
      );
    }
    return inner;
  }

  function conjunction(): Node {
    const position = peek().position;
    const children = [factor()];
    while (isKeyword(peek(), 'and')) {
      next();
      children.push(factor());
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children, position };
  }

  function expression(): Node {
    const position = peek().position;
    const children = [conjunction()];
    while (isKeyword(peek(), 'or')) {
      next();
      children.push(conjunction());
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children, position };
  }

  const tree = expression();
  const rest = peek();
  if (rest.kind !== 'end') {
    throw new SyntaxFailure(rest.position, `Expected "and", "or" or the end, found ${describeToken(rest)}`);
  }
  return tree;
}

const courseKey = (c: PrerequisiteCourse) => `${c.subject} ${c.number}`;
const gradeRank = (g: MinimumGrade | null) => (g === null ? MINIMUM_GRADES.length : MINIMUM_GRADES.indexOf(g));

/** One group's courses once each; a course named twice keeps its lower minimum (either meets the group). */
function mergeGroup(courses: PrerequisiteCourse[]): PrerequisiteGroup {
  const byCourse = new Map<string, PrerequisiteCourse>();
  for (const c of courses) {
    const seen = byCourse.get(courseKey(c));
    if (!seen || gradeRank(c.minGrade) > gradeRank(seen.minGrade)) byCourse.set(courseKey(c), c);
  }
  return [...byCourse.values()];
}

/** Whether every course of `small` is in `big` with a minimum no lower: then meeting `small` meets `big`. */
function implies(small: PrerequisiteGroup, big: PrerequisiteGroup) {
  return small.every((s) => big.some((b) => courseKey(b) === courseKey(s) && gradeRank(b.minGrade) >= gradeRank(s.minGrade)));
}

/** Drops a group implied by another (a or b, when a alone is also a group), keeping the first of equal ones. */
function simplify(groups: PrerequisiteGroup[]): PrerequisiteGroup[] {
  return groups.filter((g, i) => !groups.some((other, j) => j !== i && implies(other, g) && (!implies(g, other) || j < i)));
}

function toGroups(node: Node): PrerequisiteGroup[] {
  if (node.kind === 'course') return [[node.course]];
  if (node.kind === 'and') return simplify(node.children.flatMap((child) => toGroups(child)));
  // (a and b) or c = (a or c) and (b or c): one group for each choice of a group from every side.
  let product: PrerequisiteGroup[] = [[]];
  for (const child of node.children) {
    const groups = toGroups(child);
    if (product.length * groups.length > MAX_PREREQUISITE_GROUPS) {
      throw new SyntaxFailure(
        node.position,
        `This expression expands to more than ${MAX_PREREQUISITE_GROUPS} groups of "or" (an "or" of "and"s multiplies them); write it with fewer alternatives`,
      );
    }
    product = simplify(product.flatMap((left) => groups.map((right) => mergeGroup([...left, ...right]))));
  }
  return product;
}

function byCode(x: PrerequisiteCourse, y: PrerequisiteCourse): number {
  const [a, b] = [courseKey(x), courseKey(y)];
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Text → groups (each group's courses in code order), and the canonical expression they print as; "" is none. */
export function parsePrerequisites(text: string): ParsedPrerequisites {
  if (!text.trim()) return { ok: true, groups: [], expression: '' };
  try {
    const groups = toGroups(parseTokens(tokenize(text))).map((g) => [...g].sort(byCode));
    return { ok: true, groups, expression: printPrerequisites(groups) };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: { position: error.position, message: error.message } };
    throw error;
  }
}

export function printPrerequisiteCourse(c: PrerequisiteCourse): string {
  return c.minGrade ? `${courseKey(c)} [${c.minGrade}]` : courseKey(c);
}

/**
 * Groups → the canonical expression: `(CS 1301 [C] or CS 1315 [C]) and MATH 1551`; "" for none. A group's courses
 * print in code order, so what was typed and what is read back from the database say the same.
 */
export function printPrerequisites(groups: readonly PrerequisiteGroup[]): string {
  const nonEmpty = groups.filter((g) => g.length);
  return nonEmpty
    .map((g) => {
      const alternatives = [...g].sort(byCode).map(printPrerequisiteCourse).join(' or ');
      return g.length > 1 && nonEmpty.length > 1 ? `(${alternatives})` : alternatives;
    })
    .join(' and ');
}

/** Every course an expression names, once each ("CS 1301"), in order of appearance: what a catalog must hold. */
export function coursesNamed(groups: readonly PrerequisiteGroup[]): { subject: string; number: string }[] {
  const seen = new Map<string, { subject: string; number: string }>();
  for (const c of groups.flat()) if (!seen.has(courseKey(c))) seen.set(courseKey(c), { subject: c.subject, number: c.number });
  return [...seen.values()];
}
