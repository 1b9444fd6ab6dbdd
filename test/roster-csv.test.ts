import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { enrollments } from '../db/schema';
import { attachmentDisposition, csvCell, csvLine } from '../lib/web/csv';
import { testDb } from './db';
import { signInAs } from './session';
import { createCourse, createSection, createUser } from '../testing/factories';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
const { GET } = await import('../app/api/sections/[id]/roster.csv/route');

const TRICKY_NAMES = [
  'Lee, Ann',
  'Dwayne "The Rock" Johnson',
  'Zoë Ångström-Łukasiewicz',
  '山田 太郎',
  'O’Brien, Siobhán "Shiv"',
  'Line\nBreak',
  '=HYPERLINK("http://evil.example","click")',
  '@SUM(A1:A2)',
  '+1 555',
  '-2+3',
];

async function download(sectionId: number, sort?: 'name' | 'time') {
  const query = sort ? `?sort=${sort}` : '';
  return GET(new Request(`http://localhost/api/sections/${sectionId}/roster.csv${query}`), {
    params: Promise.resolve({ id: String(sectionId) }),
  });
}

describe('CSV cells (RFC 4180)', () => {
  it('quotes only what needs quoting and doubles quotes inside', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('Zoë')).toBe('Zoë');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 'b,c', 3])).toBe('a,"b,c",3\r\n');
  });

  it('turns would-be formulas into text', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvCell(-1)).toBe('-1'); // a number the app wrote is not user input
  });

  it('quotes a cell with a semicolon, where semicolon locales would split it into a formula', async () => {
    expect(csvCell('Ann;=1+1')).toBe('"Ann;=1+1"');
    expect(csvLine(['Ann;=1+1', 'b'])).toBe('"Ann;=1+1",b\r\n');
    const { parse } = await import('csv-parse/sync');
    // A reader splitting on semicolons sees one text cell, not "Ann" and a formula.
    expect(parse(csvLine(['Ann;=1+1']), { delimiter: ';' })).toEqual([['Ann;=1+1']]);
  });

  it('names the file in ASCII and exactly in UTF-8', () => {
    expect(attachmentDisposition('MATH 110-Ä1 2027SP roster.csv')).toBe(
      `attachment; filename="MATH_110-A1_2027SP_roster.csv"; filename*=UTF-8''MATH%20110-%C3%841%202027SP%20roster.csv`,
    );
  });
});

describe('GET /api/sections/{id}/roster.csv', () => {
  it('round-trips names with commas, quotes, line breaks and non-ASCII characters through a CSV parser', async () => {
    const registrar = await createUser(testDb, 'registrar');
    signInAs(registrar);
    const course = await createCourse(testDb, { subject: 'LING', title: 'Phonétique, "avancée"' });
    const section = await createSection(testDb, { courseId: course.id, capacity: 20 });
    const students = [];
    for (const name of TRICKY_NAMES) students.push(await createUser(testDb, 'student', name));
    await testDb.insert(enrollments).values(students.map((s) => ({ studentId: s.id, sectionId: section.id })));
    // One withdrawn student: listed too, after the seat holders, with the time of withdrawal.
    await testDb.update(enrollments).set({ completionStatus: 'withdrawn' }).where(eq(enrollments.studentId, students[3]!.id));

    const response = await download(section.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="LING_[\w-]+_T-[0-9a-f]+_roster\.csv"; filename\*=UTF-8''LING%20/);
    expect(response.headers.get('cache-control')).toContain('no-store');

    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte order mark, for Excel
    const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
    const records: string[][] = parse(text, { bom: true, relaxColumnCount: false });

    expect(records[0]).toEqual(['Name', 'Email', 'Status', 'Enrolled at', 'Withdrawn at']);
    const rows = records.slice(1);
    expect(rows).toHaveLength(TRICKY_NAMES.length);
    const unformula = (name: string) => (/^[=+\-@]/.test(name) ? `'${name}` : name);
    const byEmail = new Map(rows.map((r) => [r[1], r]));
    for (const s of students) {
      const row = byEmail.get(s.email)!;
      expect(row[0]).toBe(unformula(s.name));
      expect(row[2]).toBe(s.id === students[3]!.id ? 'withdrawn' : 'enrolled');
      expect(new Date(row[3]!).getTime()).not.toBeNaN();
    }
    expect(rows.at(-1)![0]).toBe('山田 太郎');
    expect(rows.at(-1)![4]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(rows.slice(0, -1).every((r) => r[4] === '')).toBe(true);
  });

  it('sorts by name or by enrollment time, like the roster page', async () => {
    const instructor = await createUser(testDb, 'instructor');
    signInAs(instructor);
    const section = await createSection(testDb, { instructorId: instructor.id });
    for (const name of ['Charlie', 'alice', 'Bob']) {
      const student = await createUser(testDb, 'student', name);
      await testDb.insert(enrollments).values({ studentId: student.id, sectionId: section.id });
    }
    const names = async (sort: 'name' | 'time') =>
      (parse(await (await download(section.id, sort)).text(), { bom: true }) as string[][]).slice(1).map((r) => r[0]);
    expect(await names('name')).toEqual(['alice', 'Bob', 'Charlie']);
    expect(await names('time')).toEqual(['Charlie', 'alice', 'Bob']);
  });
});
