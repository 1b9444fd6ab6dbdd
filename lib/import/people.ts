/**
 * Students, transcripts and appointments (docs/decisions/0024): each file read whole, checked row by row, then
 * written with conditional upserts, so a row equal to what is stored is not even updated.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/executor';
import { LETTER_GRADES, PASS_GRADES, classStanding, transcriptSource } from '@/db/schema';
import type { CsvRow } from './csv';
import { parseCourseNumber, parseCredits, parseEmail, parseInstant, parseSubject, parseText } from './fields';
import { emptyTally, type RowErrors, type Tally } from './report';
import { UNUSABLE_PASSWORD, rowsOf, textList } from './sql';

export const REQUIRED = {
  students: ['email', 'name'],
  transcripts: ['email', 'subject', 'number', 'grade'],
  appointments: ['email', 'opens_at'],
} as const;

function cell(row: CsvRow, errors: RowErrors, column: string, required = true): string {
  const value = row.get(column);
  if (!value && required) errors.add(row.line, column, 'is required');
  return value;
}

function duplicate(seen: Map<string, number>, key: string, row: CsvRow, errors: RowErrors, column: string) {
  const first = seen.get(key);
  if (first !== undefined) errors.add(row.line, column, `repeats line ${first}`);
  else seen.set(key, row.line);
}

/** Students by email: each must exist and be a student (or be created by this file). */
async function studentIds(tx: Executor, emails: Map<string, number>, errors: RowErrors) {
  const found = await rowsOf<{ id: number; email: string; role: string }>(
    tx,
    sql`SELECT id, email, role FROM users WHERE email = ANY(${textList([...emails.keys()])})`,
  );
  const ids = new Map<string, number>();
  for (const u of found) {
    if (u.role === 'student') ids.set(u.email, u.id);
    else errors.add(emails.get(u.email)!, 'email', `${u.email} is a${u.role === 'instructor' ? 'n' : ''} ${u.role}'s account`);
  }
  const known = new Set(found.map((u) => u.email));
  for (const [email, line] of emails) if (!known.has(email)) errors.add(line, 'email', `no student ${email}`);
  return ids;
}

export interface StudentRow {
  line: number;
  email: string;
  name: string;
  earned_credits: number;
  class_standing: string;
  major: string | null;
}

export class StudentRows {
  readonly rows: StudentRow[] = [];
  private readonly seen = new Map<string, number>();
  constructor(private readonly errors: RowErrors) {}
  add(row: CsvRow) {
    const e = this.errors;
    const before = e.size;
    const emailText = cell(row, e, 'email');
    const name = cell(row, e, 'name');
    const email = emailText ? parseEmail(emailText) : undefined;
    if (email && !email.ok) e.add(row.line, 'email', email.reason);
    const nameOk = parseText(name, 200);
    if (!nameOk.ok) e.add(row.line, 'name', nameOk.reason);
    const credits = row.get('earned_credits') ? parseCredits(row.get('earned_credits'), 999) : { ok: true as const, value: 0 };
    if (!credits.ok) e.add(row.line, 'earned_credits', credits.reason);
    const standing = (row.get('class_standing') || 'freshman').toLowerCase();
    if (!(classStanding.enumValues as readonly string[]).includes(standing))
      e.add(row.line, 'class_standing', `"${row.get('class_standing')}" is not one of ${classStanding.enumValues.join(', ')}`);
    const major = parseText(row.get('major'), 100);
    if (!major.ok) e.add(row.line, 'major', major.reason);
    if (email?.ok) duplicate(this.seen, email.value, row, e, 'email');
    if (e.size > before || !email?.ok || !credits.ok || !major.ok) return;
    this.rows.push({
      line: row.line,
      email: email.value,
      name,
      earned_credits: credits.value,
      class_standing: standing,
      major: major.value || null,
    });
  }
}

export async function writeStudents(tx: Executor, file: StudentRows, errors: RowErrors): Promise<Record<string, Tally>> {
  const tally = emptyTally();
  const rows = file.rows;
  const found = await rowsOf<{
    email: string;
    role: string;
    name: string;
    earned: number | null;
    standing: string | null;
    major: string | null;
  }>(
    tx,
    sql`SELECT u.email, u.role, u.name, p.earned_credits::float8 AS earned, p.class_standing::text AS standing, p.major
          FROM users u LEFT JOIN student_profiles p ON p.student_id = u.id
         WHERE u.email = ANY(${textList(rows.map((r) => r.email))})`,
  );
  const byEmail = new Map(found.map((u) => [u.email, u]));
  for (const r of rows) {
    const u = byEmail.get(r.email);
    if (!u) tally.created++;
    else if (u.role !== 'student')
      errors.add(r.line, 'email', `${r.email} is a${u.role === 'instructor' ? 'n' : ''} ${u.role}'s account`);
    else if (u.name === r.name && u.earned === r.earned_credits && u.standing === r.class_standing && u.major === r.major)
      tally.unchanged++;
    else tally.updated++;
  }
  if (errors.size) return { students: tally };
  for (let i = 0; i < rows.length; i += 10_000) {
    const chunk = JSON.stringify(rows.slice(i, i + 10_000));
    await tx.execute(sql`
      WITH wanted AS (SELECT * FROM jsonb_to_recordset(${chunk}::jsonb) AS w(email text, name text)),
      added AS (
        INSERT INTO users (email, name, password_hash, role)
        SELECT email, name, ${UNUSABLE_PASSWORD}, 'student' FROM wanted
        ON CONFLICT (email) DO NOTHING RETURNING id)
      UPDATE users u SET name = w.name FROM wanted w WHERE u.email = w.email AND u.name IS DISTINCT FROM w.name`);
    await tx.execute(sql`
      INSERT INTO student_profiles (student_id, earned_credits, class_standing, major)
      SELECT u.id, w.earned_credits, w.class_standing::class_standing, w.major
        FROM jsonb_to_recordset(${chunk}::jsonb) AS w(email text, earned_credits numeric, class_standing text, major text)
        JOIN users u ON u.email = w.email
      ON CONFLICT (student_id) DO UPDATE
         SET earned_credits = excluded.earned_credits, class_standing = excluded.class_standing, major = excluded.major
       WHERE (student_profiles.earned_credits, student_profiles.class_standing, student_profiles.major)
             IS DISTINCT FROM (excluded.earned_credits, excluded.class_standing, excluded.major)`);
  }
  return { students: tally };
}

const GRADES: readonly string[] = [...LETTER_GRADES, ...PASS_GRADES];

export interface TranscriptRow {
  line: number;
  email: string;
  subject: string;
  number: string;
  grade: string;
  term: string | null;
  source: string;
}

export class TranscriptRows {
  readonly rows: TranscriptRow[] = [];
  private readonly seen = new Map<string, number>();
  constructor(private readonly errors: RowErrors) {}
  add(row: CsvRow) {
    const e = this.errors;
    const before = e.size;
    const values = ['email', 'subject', 'number', 'grade'].map((c) => cell(row, e, c));
    if (e.size > before) return;
    const email = parseEmail(values[0]!);
    if (!email.ok) e.add(row.line, 'email', email.reason);
    const subject = parseSubject(values[1]!);
    if (!subject.ok) e.add(row.line, 'subject', subject.reason);
    const number = parseCourseNumber(values[2]!);
    if (!number.ok) e.add(row.line, 'number', number.reason);
    const grade = values[3]!.toUpperCase();
    if (!GRADES.includes(grade)) e.add(row.line, 'grade', `"${values[3]}" is not a grade (${GRADES.join(' ')})`);
    const source = (row.get('source') || 'transfer').toLowerCase();
    if (!(transcriptSource.enumValues as readonly string[]).includes(source))
      e.add(row.line, 'source', `"${row.get('source')}" is not one of ${transcriptSource.enumValues.join(', ')}`);
    const term = row.get('term') || null;
    if (term && term.length > 40) e.add(row.line, 'term', 'is longer than 40 characters');
    if (e.size > before || !email.ok || !subject.ok || !number.ok) return;
    duplicate(this.seen, `${email.value}|${subject.value} ${number.value}|${term ?? ''}`, row, e, 'number');
    this.rows.push({ line: row.line, email: email.value, subject: subject.value, number: number.value, grade, term, source });
  }
}

export async function writeTranscripts(tx: Executor, file: TranscriptRows, errors: RowErrors): Promise<Record<string, Tally>> {
  const tally = emptyTally();
  const emails = new Map<string, number>();
  for (const r of file.rows) if (!emails.has(r.email)) emails.set(r.email, r.line);
  const students = await studentIds(tx, emails, errors);
  const codes = [...new Set(file.rows.map((r) => `${r.subject} ${r.number}`))];
  const courses = new Map(
    (
      await rowsOf<{ id: number; code: string }>(
        tx,
        sql`SELECT id, subject || ' ' || number AS code FROM courses WHERE (subject || ' ' || number) = ANY(${textList(codes)})`,
      )
    ).map((c) => [c.code, c.id]),
  );
  const rows = file.rows.flatMap((r) => {
    const courseId = courses.get(`${r.subject} ${r.number}`);
    if (!courseId) errors.add(r.line, 'number', `${r.subject} ${r.number} is not in the catalog`);
    const studentId = students.get(r.email);
    return courseId && studentId
      ? [{ student_id: studentId, course_id: courseId, grade: r.grade, term_code: r.term, source: r.source }]
      : [];
  });
  if (errors.size) return { transcripts: tally };
  const results = await rowsOf<{ inserted: boolean }>(
    tx,
    sql`
    INSERT INTO transcript_courses (student_id, course_id, grade, term_code, source)
    SELECT student_id, course_id, grade, term_code, source::transcript_source
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS w(student_id int, course_id int, grade text, term_code text, source text)
    ON CONFLICT (student_id, course_id, term_code) DO UPDATE SET grade = excluded.grade, source = excluded.source
     WHERE (transcript_courses.grade, transcript_courses.source) IS DISTINCT FROM (excluded.grade, excluded.source)
    RETURNING (xmax = 0) AS inserted`,
  );
  tally.created = results.filter((r) => r.inserted).length;
  tally.updated = results.length - tally.created;
  tally.unchanged = rows.length - results.length;
  return { transcripts: tally };
}

export interface AppointmentRow {
  line: number;
  email: string;
  opensAt: Date;
}

export class AppointmentRows {
  readonly rows: AppointmentRow[] = [];
  private readonly seen = new Map<string, number>();
  constructor(private readonly errors: RowErrors) {}
  add(row: CsvRow) {
    const e = this.errors;
    const before = e.size;
    const emailText = cell(row, e, 'email');
    const opensText = cell(row, e, 'opens_at');
    if (e.size > before) return;
    const email = parseEmail(emailText);
    if (!email.ok) e.add(row.line, 'email', email.reason);
    const opensAt = parseInstant(opensText);
    if (!opensAt.ok) e.add(row.line, 'opens_at', opensAt.reason);
    if (!email.ok || !opensAt.ok) return;
    duplicate(this.seen, email.value, row, e, 'email');
    this.rows.push({ line: row.line, email: email.value, opensAt: opensAt.value });
  }
}

export async function writeAppointments(
  tx: Executor,
  termId: number,
  file: AppointmentRows,
  errors: RowErrors,
): Promise<Record<string, Tally>> {
  const tally = emptyTally();
  const emails = new Map(file.rows.map((r) => [r.email, r.line]));
  const students = await studentIds(tx, emails, errors);
  if (errors.size) return { appointments: tally };
  const rows = file.rows.map((r) => ({ student_id: students.get(r.email)!, opens_at: r.opensAt.toISOString() }));
  const results = await rowsOf<{ inserted: boolean }>(
    tx,
    sql`
    INSERT INTO registration_appointments (student_id, term_id, opens_at)
    SELECT student_id, ${termId}, opens_at FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS w(student_id int, opens_at timestamptz)
    ON CONFLICT (student_id, term_id) DO UPDATE SET opens_at = excluded.opens_at
     WHERE registration_appointments.opens_at IS DISTINCT FROM excluded.opens_at
    RETURNING (xmax = 0) AS inserted`,
  );
  tally.created = results.filter((r) => r.inserted).length;
  tally.updated = results.length - tally.created;
  tally.unchanged = rows.length - results.length;
  return { appointments: tally };
}
