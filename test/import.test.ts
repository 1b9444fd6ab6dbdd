import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { runImport, type ImportKind } from '../lib/import';
import { coursePrerequisites, courses, enrollments, sectionMeetings, sections, users } from '../db/schema';
import { createTerm, fillSection, uniqueTag } from '../testing/factories';
import { race, testDb } from './db';

/** A subject no other test uses (letters only, as courses_subject_format wants). */
const subjectTag = () =>
  uniqueTag()
    .replace(/[0-9]/g, (d) => 'GHIJKLMNOP'[Number(d)]!)
    .slice(0, 6)
    .toUpperCase();

const run = (kind: ImportKind, text: string | Buffer, termCode?: string, apply = true) =>
  runImport(testDb, {
    kind,
    source: Readable.from([typeof text === 'string' ? Buffer.from(text) : text]),
    apply,
    actorId: null,
    ...(termCode ? { termCode } : {}),
  });

async function snapshot(termId: number) {
  const rows = await testDb.execute(sql`
    SELECT s.xmin::text AS x, s.*, (SELECT json_agg(m.xmin::text || m.id ORDER BY m.id) FROM section_meetings m WHERE m.section_id = s.id) AS m
      FROM sections s WHERE s.term_id = ${termId} ORDER BY s.id`);
  const prereqs = await testDb.execute(sql`
    SELECT p.xmin::text AS x, p.* FROM course_prerequisites p JOIN sections s ON s.course_id = p.course_id
     WHERE s.term_id = ${termId} ORDER BY 2, 3, 4`);
  return JSON.stringify([[...rows], [...prereqs]]);
}

describe('schedule import', () => {
  it('reads BOM, CRLF, any header case and order, quoted newlines; writes sections, meetings, links, prerequisites; re-import is a no-op', async () => {
    const term = await createTerm(testDb);
    const S = subjectTag();
    const mail = `prof-${S.toLowerCase()}@import.test`;
    const csv =
      '\uFEFFSubject,NUMBER,Title,credits,section,Capacity,component,linked_to,days,start,end,instructor_email,instructor_name,prerequisites,ignored,description\r\n' +
      `${S},1211,Chemistry,4,A,100,LEC,,MWF,9:00 AM,9:50 AM,${mail},Ada Prof,(${S} 1000 [C] or ${S} 1001) and ${S} 1002,x,"Line one\r\nline ""two"""\r\n` +
      `${S},1211,Chemistry,4,A,100,LEC,,R,14:00,15:15,${mail},,(${S} 1000 [C] or ${S} 1001) and ${S} 1002,y,"Line one\r\nline ""two"""\r\n` +
      `${S},1211,Chemistry,0,A01,24,LAB,A,T,13:00,15:50,,,(${S} 1000 [C] or ${S} 1001) and ${S} 1002,,"Line one\r\nline ""two"""\r\n` +
      `${S},4999,Thesis,1.5,T1,5,IND,,,,,,,,,\r\n`;
    const first = await run('schedule', csv, term.code);
    expect(first.errors).toEqual([]);
    expect(first.applied).toBe(true);
    expect(first.tallies.sections).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(first.warnings).toHaveLength(3);
    expect(first.warnings[0]).toMatch(/^line 2: prerequisites: .* was not in the catalog: added/);

    const rows = await testDb.select().from(sections).where(eq(sections.termId, term.id)).orderBy(sections.code);
    expect(rows.map((r) => [r.code, r.component, r.credits, r.capacity])).toEqual([
      ['A', 'LEC', 4, 100],
      ['A01', 'LAB', 0, 24],
      ['T1', 'IND', 1.5, 5],
    ]);
    expect(rows[1]!.linkedSectionId).toBe(rows[0]!.id);
    const meetings = await testDb.select().from(sectionMeetings).where(eq(sectionMeetings.sectionId, rows[0]!.id));
    expect(meetings.map((m) => `${m.day} ${m.startsAt}-${m.endsAt}`).sort()).toEqual([
      '1 09:00:00-09:50:00',
      '3 09:00:00-09:50:00',
      '4 14:00:00-15:15:00',
      '5 09:00:00-09:50:00',
    ]);
    const [course] = await testDb.select().from(courses).where(eq(courses.id, rows[0]!.courseId));
    expect(course!.description).toBe('Line one\r\nline "two"');
    expect(course!.credits).toBe(4);
    const prereqs = await testDb.select().from(coursePrerequisites).where(eq(coursePrerequisites.courseId, course!.id));
    expect(prereqs.map((p) => [p.groupNo, p.minGrade]).sort()).toEqual([
      [1, null],
      [1, 'C'],
      [2, null],
    ]);
    const [prof] = await testDb.select().from(users).where(eq(users.email, mail));
    expect(prof).toMatchObject({ role: 'instructor', name: 'Ada Prof', passwordHash: '!imported' });
    expect(rows[0]!.instructorId).toBe(prof!.id);

    const before = await snapshot(term.id);
    const again = await run('schedule', csv, term.code);
    expect(again.errors).toEqual([]);
    expect(again.tallies.sections).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(again.warnings).toEqual([]);
    expect(await snapshot(term.id)).toBe(before);
  });

  it('reports every bad row with its line and column, and writes nothing', async () => {
    const term = await createTerm(testDb);
    const S = subjectTag();
    const csv = [
      'subject,number,title,credits,section,capacity,days,start,end,linked_to,prerequisites,description',
      `${S},100,Intro,3,001,30,MW,10:00,10:50,,,"a quoted` /* line 2, continues on line 3 */,
      `field"`,
      `${S},100,Intro,3,002,thirty,MX,10:00,9:00,,,`, // line 4: capacity, days, end
      `${S},100,Intro,3,003,30,M,25:00,26:00,,${S} 1 and or,`, // line 5: start, end, prerequisites
      `${S},100,Intro,,004,30,,,,,,`, // line 6: credits required
      `${S},100,Intro,3,001,31,T,10:00,10:50,,,"a quoted\nfield"`, // line 7: capacity differs from line 2 (ends on line 8)
      `${S},100,Intro,3,005,30,,,,ZZZ,,`, // line 9 (line 7's quoted field ends on line 8): linked_to unknown
      `1X,100,Intro,3,006,30,,,,,,`, // line 10: subject
      `${S},100,Intro,3,007,30,F,10:00,,,,`, // line 11: end required
    ].join('\n');
    const report = await run('schedule', csv, term.code);
    expect(report.applied).toBe(false);
    expect(report.errors).toEqual([
      expect.stringMatching(/^line 4: capacity: /),
      expect.stringMatching(/^line 4: days: "X" is not a day/),
      expect.stringMatching(/^line 4: end: /),
      expect.stringMatching(/^line 5: prerequisites: /),
      expect.stringMatching(/^line 5: start: /),
      expect.stringMatching(/^line 5: end: /),
      'line 6: credits: is required',
      expect.stringMatching(/^line 7: capacity: "31" differs from line 2/),
      `line 9: linked_to: ${S} 100 has no section ZZZ in this term`,
      expect.stringMatching(/^line 10: subject: /),
      'line 11: end: is required with days',
    ]);
    const written = await testDb.select().from(sections).where(eq(sections.termId, term.id));
    expect(written).toEqual([]);
  });

  it('a missing required column, an unknown term, a file that is not UTF-8 are refused whole', async () => {
    const term = await createTerm(testDb);
    expect((await run('schedule', 'subject,number,title,section\n', term.code)).errors).toEqual([
      'line 1: credits, capacity: required columns are missing',
    ]);
    expect((await run('schedule', 'subject,number,title,credits,section,capacity\nAB,1,x,3,1,1\n', 'NO-SUCH')).errors).toEqual([
      'term: no term NO-SUCH',
    ]);
    const latin1 = Buffer.from('email,name\nd\xe9j\xe0@x.test,Ren\xe9\n', 'latin1');
    expect((await run('students', latin1)).errors[0]).toMatch(/not a UTF-8 CSV/);
  });

  it('a changed row updates its section under the registrar’s rules: a capacity below the enrolled count is that row’s error', async () => {
    const term = await createTerm(testDb);
    const S = subjectTag();
    const header = 'subject,number,title,credits,section,capacity,days,start,end\n';
    await run('schedule', `${header}${S},200,Data,3,001,10,MW,10:00,10:50\n${S},200,Data,3,002,10,,,\n`, term.code);
    const [held] = await testDb.select().from(sections).where(eq(sections.termId, term.id)).orderBy(sections.code);
    await fillSection(testDb, held!.id, 3);
    const before = await snapshot(term.id);
    const refused = await run(
      'schedule',
      `${header}${S},200,Data,3,001,2,MW,10:00,10:50\n${S},200,Data,3,002,12,,,\n`,
      term.code,
    );
    expect(refused.errors).toEqual([expect.stringMatching(/^line 2: capacity: .*3/)]);
    expect(await snapshot(term.id)).toBe(before);
    const raised = await run('schedule', `${header}${S},200,Data,3,001,20,TR,10:00,10:50\n`, term.code);
    expect(raised.tallies.sections).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const [after] = await testDb.select().from(sections).where(eq(sections.id, held!.id));
    expect(after!.capacity).toBe(20);
    // The section absent from the file is left alone.
    expect((await testDb.select().from(sections).where(eq(sections.termId, term.id))).length).toBe(2);
  });

  it('one bad row among 10,000 writes nothing, even when only the database can tell it is bad', async () => {
    const term = await createTerm(testDb);
    const S = subjectTag();
    const header = 'subject,number,title,credits,section,capacity,days,start,end';
    await run('schedule', `${header}\n${S},9000,Held,3,1,30,,,\n`, term.code);
    const [held] = await testDb.select().from(sections).where(eq(sections.termId, term.id));
    await fillSection(testDb, held!.id, 2);
    const lines = [header];
    for (let i = 0; i < 10_000; i++)
      lines.push(
        `${S},${1000 + (i % 500)},Course ${i % 500},3,${Math.floor(i / 500)},30,MWF,${8 + (i % 10)}:00,${8 + (i % 10)}:50`,
      );
    lines[7_778] = `${S},9000,Held,3,1,1,,,`; // line 7779: capacity 1 below the 2 enrolled
    const report = await run('schedule', lines.join('\n'), term.code);
    expect(report.errors).toEqual([expect.stringMatching(/^line 7779: capacity: .*2/)]);
    const [n] = await testDb.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM sections WHERE term_id = ${term.id}`);
    expect(n!.n).toBe(1);
    const courseCount = await testDb.execute(sql`SELECT 1 FROM courses WHERE subject = ${S}`);
    expect(courseCount.length).toBe(1);
  });

  it('a meeting moved onto an enrolled student’s other class is that row’s error', async () => {
    const term = await createTerm(testDb);
    const S = subjectTag();
    const header = 'subject,number,title,credits,section,capacity,days,start,end\n';
    const file = `${header}${S},300,One,3,1,10,M,10:00,10:50\n${S},301,Two,3,1,10,T,10:00,10:50\n`;
    await run('schedule', file, term.code);
    const [one, two] = await testDb.select().from(sections).where(eq(sections.termId, term.id)).orderBy(sections.courseId);
    const [student] = await fillSection(testDb, one!.id, 1);
    await testDb.insert(enrollments).values({ studentId: student!.id, sectionId: two!.id });
    const before = await snapshot(term.id);
    const moved = await run(
      'schedule',
      `${header}${S},300,One,3,1,10,M,10:00,10:50\n${S},301,Two,3,1,10,M,10:30,11:20\n`,
      term.code,
    );
    expect(moved.errors).toEqual([expect.stringMatching(/^line 3: days: /)]);
    expect(await snapshot(term.id)).toBe(before);
  });
});

describe('imports at once', () => {
  it('two imports of the same new schedule race: one creates, the other finds it all unchanged (never a duplicate-key failure)', async () => {
    const term = await createTerm(testDb);
    const S = subjectTag();
    const lines = ['subject,number,title,credits,section,capacity,days,start,end,cross_list,cross_list_capacity'];
    for (let i = 0; i < 200; i++)
      lines.push(
        `${S},${100 + (i % 20)},C${i % 20},3,${Math.floor(i / 20)},30,MW,10:00,10:50,${i < 2 ? 'X1' : ''},${i < 2 ? 45 : ''}`,
      );
    const csv = lines.join('\n');
    const [a, b] = await race(2, (db) =>
      runImport(db, {
        kind: 'schedule',
        source: Readable.from([Buffer.from(csv)]),
        termCode: term.code,
        apply: true,
        actorId: null,
      }),
    );
    expect([a!.errors, b!.errors]).toEqual([[], []]);
    expect([a!.tallies.sections!.created, b!.tallies.sections!.created].sort()).toEqual([0, 200]);
    const [n] = await testDb.execute<{ n: number; x: number }>(
      sql`SELECT count(*)::int AS n, count(cross_list_id)::int AS x FROM sections WHERE term_id = ${term.id}`,
    );
    expect(n).toEqual({ n: 200, x: 2 });
  });
});

describe('people imports', () => {
  it('students, transcripts and appointments: written, re-imported unchanged, bad rows by line', async () => {
    const tag = uniqueTag();
    const term = await createTerm(testDb);
    const S = subjectTag();
    await testDb.insert(courses).values({ subject: S, number: '1301', title: 'Intro', credits: 3 });
    const students = `EMAIL,Name,class_standing,earned_credits,major\nA-${tag}@x.test,Ann,junior,61.5,Physics\nb-${tag}@x.test,Bob,,,\n`;
    const first = await run('students', students);
    expect(first.errors).toEqual([]);
    expect(first.tallies.students).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const [ann] = await testDb.execute<{ role: string; earned: string; standing: string; hash: string }>(sql`
      SELECT u.role, p.earned_credits::text AS earned, p.class_standing::text AS standing, u.password_hash AS hash
        FROM users u JOIN student_profiles p ON p.student_id = u.id WHERE u.email = ${`a-${tag}@x.test`}`);
    expect(ann).toEqual({ role: 'student', earned: '61.5', standing: 'junior', hash: '!imported' });
    expect((await run('students', students)).tallies.students).toEqual({ created: 0, updated: 0, unchanged: 2 });

    const transcripts = `email,subject,number,grade,term,source\na-${tag}@x.test,${S},1301,B+,F2024,transfer\nb-${tag}@x.test,${S},1301,P,,exam\n`;
    expect((await run('transcripts', transcripts)).tallies.transcripts).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect((await run('transcripts', transcripts)).tallies.transcripts).toEqual({ created: 0, updated: 0, unchanged: 2 });
    const badTranscripts = await run(
      'transcripts',
      `email,subject,number,grade\nnobody-${tag}@x.test,${S},1301,A\na-${tag}@x.test,${S},9999,A\na-${tag}@x.test,${S},1301,Q\n`,
    );
    expect(badTranscripts.errors).toEqual([
      `line 2: email: no student nobody-${tag}@x.test`,
      expect.stringMatching(/^line 3: number: .* is not in the catalog/),
      expect.stringMatching(/^line 4: grade: "Q" is not a grade/),
    ]);

    const appointments = `email,opens_at\na-${tag}@x.test,2026-04-06T08:00:00-04:00\nb-${tag}@x.test,2026-04-06T12:00:00Z\n`;
    expect((await run('appointments', appointments, term.code)).tallies.appointments).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
    });
    expect((await run('appointments', appointments, term.code)).tallies.appointments).toEqual({
      created: 0,
      updated: 0,
      unchanged: 2,
    });
    const badAppointments = await run(
      'appointments',
      `email,opens_at\na-${tag}@x.test,2026-04-06 08:00\na-${tag}@x.test,2026-04-06T08:00:00Z\n`,
      term.code,
    );
    expect(badAppointments.errors).toEqual([expect.stringMatching(/^line 2: opens_at: .*offset/)]);
  });
});

describe('npm run import', () => {
  const cli = async (args: string[]) => {
    const root = path.resolve(import.meta.dirname, '..');
    try {
      const { stdout, stderr } = await promisify(execFile)(
        path.join(root, 'node_modules', '.bin', 'tsx'),
        ['--conditions=react-server', 'scripts/import.ts', ...args],
        { cwd: root, env: { ...process.env, DATABASE_URL: inject('databaseUrl') }, timeout: 60_000 },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('exits 0 with a one-line summary, 1 with every bad row', async () => {
    const term = await createTerm(testDb);
    const S = subjectTag();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'import-'));
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, `subject,number,title,credits,section,capacity\n${S},100,A,3,1,10\n${S},100,A,3,2,10\n`);
    const ok = await cli(['schedule', '--term', term.code, good]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^schedule: sections 2 created, 0 updated, 0 unchanged/),
    ]);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, `subject,number,title,credits,section,capacity\n${S},100,A,x,1,10\n${S},100,A,3,2,-1\n`);
    const refused = await cli(['schedule', '--term', term.code, bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^line 2: credits: .*\nline 3: capacity: .*\nschedule: 2 bad rows, nothing written\n$/);
  });
});
