/** core/prerequisites: the contract's expressions to groups (conjunctive normal form) and back (docs/decisions/0023). */
import { describe, expect, it } from 'vitest';
import {
  MAX_PREREQUISITE_GROUPS,
  MINIMUM_GRADES,
  coursesNamed,
  parsePrerequisites,
  printPrerequisites,
  type ParsedPrerequisites,
} from '@/core/prerequisites';
import { describeRefusal, type PrerequisiteMissingDetail } from '@/core/rules';
import { LETTER_GRADES } from '../db/schema';

const groupsOf = (text: string) => {
  const parsed = parsePrerequisites(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.groups.map((g) => g.map((c) => `${c.subject} ${c.number}${c.minGrade ? ` [${c.minGrade}]` : ''}`));
};
const errorOf = (text: string) => {
  const parsed: ParsedPrerequisites = parsePrerequisites(text);
  if (parsed.ok) throw new Error(`parsed: ${parsed.expression}`);
  return parsed.error;
};

describe('parsing prerequisite expressions', () => {
  it('reads the contract example: and binds tighter than or, brackets carry a minimum grade', () => {
    expect(groupsOf('(CS 1301 [C] or CS 1315 [C]) and MATH 1551')).toEqual([['CS 1301 [C]', 'CS 1315 [C]'], ['MATH 1551']]);
    expect(groupsOf('CS 1301 [C] or CS 1315 [C] or CS 1321 [C] or CS 1371 [C]')).toEqual([
      ['CS 1301 [C]', 'CS 1315 [C]', 'CS 1321 [C]', 'CS 1371 [C]'],
    ]);
    // a and b or c = (a and b) or c = (a or c) and (b or c)
    expect(groupsOf('MATH 1551 and MATH 1553 or MATH 1501')).toEqual([
      ['MATH 1501', 'MATH 1551'],
      ['MATH 1501', 'MATH 1553'],
    ]);
    expect(groupsOf('(MATH 1551 and MATH 1553) or MATH 1501')).toEqual(groupsOf('MATH 1551 and MATH 1553 or MATH 1501'));
    // A group's courses come in code order, however they were typed.
    expect(groupsOf('MATH 1551 and (MATH 1553 or MATH 1501)')).toEqual([['MATH 1551'], ['MATH 1501', 'MATH 1553']]);
  });

  it('is forgiving about case and spacing, and prints the canonical expression', () => {
    const parsed = parsePrerequisites('  ( cs 1301[c]  OR cs 1315 [ c ] )AND  math 1551 ');
    expect(parsed).toMatchObject({ ok: true, expression: '(CS 1301 [C] or CS 1315 [C]) and MATH 1551' });
    expect(groupsOf('CHEM 1211K')).toEqual([['CHEM 1211K']]);
    expect(parsePrerequisites('   ')).toEqual({ ok: true, groups: [], expression: '' });
  });

  it('distributes an or of ands, and drops what another group already implies', () => {
    expect(groupsOf('(A 1 and B 2) or (C 3 and D 4)')).toEqual([
      ['A 1', 'C 3'],
      ['A 1', 'D 4'],
      ['B 2', 'C 3'],
      ['B 2', 'D 4'],
    ]);
    // (A or (A and B)) = A; a course twice in a group keeps its lower minimum.
    expect(groupsOf('A 1 or A 1 and B 2')).toEqual([['A 1']]);
    expect(groupsOf('A 1 [B] or A 1 [C]')).toEqual([['A 1 [C]']]);
    expect(groupsOf('A 1 and (A 1 or B 2)')).toEqual([['A 1']]);
    expect(groupsOf('A 1 [B] and A 1 [B]')).toEqual([['A 1 [B]']]);
  });

  it('caps the expansion with a clear error at the or that overflows', () => {
    // Six ors of two ands: 2^6 = 64 groups.
    const text = Array.from({ length: 6 }, (_, i) => `(X ${i}1 and Y ${i}2)`).join(' or ');
    const error = errorOf(text);
    expect(error.message).toContain(`more than ${MAX_PREREQUISITE_GROUPS} groups`);
    expect(error.position).toBe(0);
    expect(errorOf(`A 1 and (${text})`).position).toBe(9);
    // Five are 32: allowed.
    expect(groupsOf(Array.from({ length: 5 }, (_, i) => `(X ${i}1 and Y ${i}2)`).join(' or '))).toHaveLength(32);
  });

  it('says where a malformed expression went wrong', () => {
    expect(errorOf('CS 1301 and')).toEqual({
      position: 11,
      message: 'Expected a course (such as CS 1301) or "(", found the end at character 12.',
    });
    expect(errorOf('CS and MATH 1551')).toEqual({
      position: 3,
      message: 'Expected a course number after CS, found "and" at character 4.',
    });
    expect(errorOf('(CS 1301 or CS 1315 and MATH 1551')).toEqual({
      position: 33,
      message: 'Expected ")" to close the "(" at character 1, found the end at character 34.',
    });
    expect(errorOf('CS 1301 CS 1315').message).toBe('Expected "and", "or" or the end, found "CS" at character 9.');
    expect(errorOf('CS 1301 [F]')).toMatchObject({ position: 8 });
    expect(errorOf('CS 1301 [F]').message).toContain('"F" is not a minimum grade');
    expect(errorOf('CS 1301 [P]').message).toContain('"P" is not a minimum grade');
    expect(errorOf('CS 1301 [C')).toMatchObject({ position: 8 });
    expect(errorOf('CS 1301 ; MATH 1551')).toEqual({ position: 8, message: 'Unexpected ";" at character 9.' });
    expect(errorOf('CS 1301 or )').position).toBe(11);
    expect(errorOf('1301 CS').position).toBe(0);
    expect(errorOf('CS 1301 [C] [B]').position).toBe(12);
  });
});

describe('printing groups', () => {
  it('round-trips: parsing the printed expression gives the same groups', () => {
    for (const text of [
      '(CS 1301 [C] or CS 1315 [C]) and MATH 1551',
      'CS 1301 [C] or CS 1315 [C] or CS 1321 [C] or CS 1371 [C]',
      '(MATH 1551 and MATH 1553) or MATH 1501',
      'A 1 and B 2 and C 3',
    ]) {
      const first = parsePrerequisites(text);
      if (!first.ok) throw new Error(first.error.message);
      const again = parsePrerequisites(first.expression);
      expect(again).toEqual(first);
      expect(printPrerequisites(first.groups)).toBe(first.expression);
    }
    expect(printPrerequisites([])).toBe('');
    expect(
      printPrerequisites([
        [{ subject: 'CS', number: '1301', minGrade: 'C' }],
        [
          { subject: 'MATH', number: '1551', minGrade: null },
          { subject: 'MATH', number: '1501', minGrade: 'B-' },
        ],
      ]),
    ).toBe('CS 1301 [C] and (MATH 1501 [B-] or MATH 1551)');
  });

  it('lists the courses named once each, and its grades are the schema minimums', () => {
    const parsed = parsePrerequisites('(A 1 [C] and B 2) or A 1');
    expect(parsed.ok && coursesNamed(parsed.groups)).toEqual([{ subject: 'A', number: '1' }]);
    const both = parsePrerequisites('(A 1 and B 2) or C 3');
    expect(both.ok && coursesNamed(both.groups).map((c) => `${c.subject} ${c.number}`)).toEqual(['A 1', 'C 3', 'B 2']);
    expect([...MINIMUM_GRADES]).toEqual(LETTER_GRADES.filter((g) => g !== 'F'));
  });
});

describe('the refusal sentence', () => {
  it('names the course and every missing group; a stage-two DETAIL (courses only) still reads', () => {
    const group = (n: number, ...courses: [string, string | null][]) => ({
      group: n,
      courses: courses.map(([course, minGrade], i) => ({ courseId: i + 1, course, minGrade })),
    });
    const cs = ['CS 1301', 'CS 1315', 'CS 1321', 'CS 1371'].map((c) => [c, 'C'] as [string, string]);
    expect(
      describeRefusal({ rule: 'prerequisite_missing', detail: { sectionId: 1, course: 'CS 1331', missing: [group(1, ...cs)] } }),
    ).toBe('CS 1331 needs one of CS 1301, CS 1315, CS 1321, CS 1371 with C or better.');
    expect(
      describeRefusal({
        rule: 'prerequisite_missing',
        detail: {
          sectionId: 1,
          course: 'CS 2340',
          missing: [group(1, ['CS 1331', 'B']), group(2, ['MATH 1551', null], ['MATH 1501', 'C'])],
        },
      }),
    ).toBe('CS 2340 needs CS 1331 with B or better and one of MATH 1551, MATH 1501 (C or better).');
    const old = { sectionId: 1, missing: [{ courseId: 1, course: 'CS 101' }] } as unknown as PrerequisiteMissingDetail;
    expect(describeRefusal({ rule: 'prerequisite_missing', detail: old })).toBe('You need CS 101 first.');
  });
});
