/**
 * A schedule file's rows → sections (one row = one meeting; rows with the same subject, number and section are
 * one section whose section columns must agree). Pure: every bad value is that row's error, the whole file read.
 */
import type { CsvRow } from './csv';
import {
  parseCourseNumber,
  parseCredits,
  parseDate,
  parseDays,
  parseEmail,
  parseSubject,
  parseText,
  parseTime,
  parseWhole,
  type Parsed,
} from './fields';
import { parsePrerequisites, type PrerequisiteGroups } from './prerequisites';
import type { RowErrors } from './report';

export const SCHEDULE_REQUIRED = ['subject', 'number', 'title', 'credits', 'section', 'capacity'] as const;

export interface ImportMeeting {
  day: number;
  startsAt: string;
  endsAt: string;
  startsOn: string | null;
  endsOn: string | null;
}

export interface ImportSection {
  line: number;
  subject: string;
  number: string;
  title: string;
  description: string;
  credits: number;
  code: string;
  capacity: number;
  waitlist: number;
  component: string;
  linkedTo: string | null;
  location: string;
  instructor: { email: string; name: string; line: number } | null;
  prerequisites: { text: string; groups: PrerequisiteGroups; line: number } | null;
  crossList: { code: string; capacity: number } | null;
  meetings: ImportMeeting[];
}

export const courseKey = (subject: string, number: string) => `${subject} ${number}`;
export const sectionKey = (s: { subject: string; number: string; code: string }) => `${s.subject} ${s.number}|${s.code}`;

/** The columns that describe the section, not the meeting: every row of a section must give the same. */
const SECTION_COLUMNS = [
  'title',
  'credits',
  'capacity',
  'component',
  'linked_to',
  'waitlist',
  'prerequisites',
  'cross_list',
  'cross_list_capacity',
  'description',
] as const;

export class ScheduleRows {
  readonly sections = new Map<string, ImportSection>();
  private readonly firstValues = new Map<string, Record<string, string>>();

  constructor(private readonly errors: RowErrors) {}

  add(row: CsvRow) {
    const errors = this.errors;
    const before = errors.size;
    const take = <T>(column: string, parsed: Parsed<T>): T | undefined => {
      if (parsed.ok) return parsed.value;
      errors.add(row.line, column, parsed.reason);
      return undefined;
    };
    const required = (column: string) => {
      const value = row.get(column);
      if (!value) errors.add(row.line, column, 'is required');
      return value;
    };
    const subjectText = required('subject');
    const numberText = required('number');
    const title = required('title');
    const creditsText = required('credits');
    const code = required('section');
    const capacityText = required('capacity');
    if (errors.size > before) return;
    const subject = take('subject', parseSubject(subjectText));
    const number = take('number', parseCourseNumber(numberText));
    take('title', parseText(title, 200));
    const credits = take('credits', parseCredits(creditsText));
    if (!/^[0-9A-Za-z-]{1,10}$/.test(code))
      errors.add(row.line, 'section', `"${code}" is not a section code (1 to 10 letters, digits or -)`);
    const capacity = take('capacity', parseWhole(capacityText, { max: 10_000 }));
    const waitlist = row.get('waitlist') ? take('waitlist', parseWhole(row.get('waitlist'), { max: 10_000 })) : 0;
    const component = (row.get('component') || 'LEC').toUpperCase();
    if (!/^[A-Z]{2,4}$/.test(component))
      errors.add(row.line, 'component', `"${row.get('component')}" is not a component (2 to 4 letters: LEC, LAB, REC, …)`);
    const linkedTo = row.get('linked_to') || null;
    if (linkedTo === code) errors.add(row.line, 'linked_to', 'a section cannot be linked to itself');
    const description = take('description', parseText(row.get('description'), 4000)) ?? '';
    const location = take('location', parseText(row.get('location'), 100)) ?? '';

    let instructor: ImportSection['instructor'] = null;
    if (row.get('instructor_email')) {
      const email = take('instructor_email', parseEmail(row.get('instructor_email')));
      const name = take('instructor_name', parseText(row.get('instructor_name'), 200));
      if (email) instructor = { email, name: name || email.split('@')[0]!, line: row.line };
    } else if (row.get('instructor_name')) {
      errors.add(row.line, 'instructor_email', 'is required when instructor_name is given');
    }

    let prerequisites: ImportSection['prerequisites'] = null;
    if (row.get('prerequisites')) {
      const parsed = parsePrerequisites(row.get('prerequisites'));
      if (!parsed.ok) errors.add(row.line, 'prerequisites', parsed.reason);
      else prerequisites = { text: row.get('prerequisites'), groups: parsed.groups, line: row.line };
    }

    let crossList: ImportSection['crossList'] = null;
    if (row.get('cross_list')) {
      if (!/^[0-9A-Za-z-]{1,20}$/.test(row.get('cross_list')))
        errors.add(row.line, 'cross_list', `"${row.get('cross_list')}" is not a cross-list code`);
      if (!row.get('cross_list_capacity')) errors.add(row.line, 'cross_list_capacity', 'is required with cross_list');
      else {
        const c = take('cross_list_capacity', parseWhole(row.get('cross_list_capacity'), { max: 10_000 }));
        if (c !== undefined) crossList = { code: row.get('cross_list'), capacity: c };
      }
    } else if (row.get('cross_list_capacity')) errors.add(row.line, 'cross_list', 'is required with cross_list_capacity');

    const meetings: ImportMeeting[] = [];
    const daysText = row.get('days');
    if (daysText) {
      const days = take('days', parseDays(daysText));
      const start = row.get('start')
        ? take('start', parseTime(row.get('start')))
        : (errors.add(row.line, 'start', 'is required with days'), undefined);
      const end = row.get('end')
        ? take('end', parseTime(row.get('end')))
        : (errors.add(row.line, 'end', 'is required with days'), undefined);
      if (start && end && start >= end)
        errors.add(row.line, 'end', `${row.get('end')} is not after the start (${row.get('start')})`);
      const startsOn = row.get('starts_on') ? take('starts_on', parseDate(row.get('starts_on'))) : null;
      const endsOn = row.get('ends_on') ? take('ends_on', parseDate(row.get('ends_on'))) : null;
      if (startsOn && endsOn && startsOn > endsOn) errors.add(row.line, 'ends_on', `${endsOn} is before starts_on (${startsOn})`);
      if (days && start && end && startsOn !== undefined && endsOn !== undefined)
        for (const day of days) meetings.push({ day, startsAt: start, endsAt: end, startsOn, endsOn });
    } else {
      for (const column of ['start', 'end', 'starts_on', 'ends_on'])
        if (row.get(column)) errors.add(row.line, column, 'is given without days (a section without meetings leaves it empty)');
    }
    if (errors.size > before || !subject || !number || credits === undefined || capacity === undefined || waitlist === undefined)
      return;

    const key = sectionKey({ subject, number, code });
    const values = Object.fromEntries(SECTION_COLUMNS.map((c) => [c, c === 'component' ? component : row.get(c)]));
    const existing = this.sections.get(key);
    if (existing) {
      const first = this.firstValues.get(key)!;
      for (const column of SECTION_COLUMNS)
        if (first[column] !== values[column])
          errors.add(
            row.line,
            column,
            `"${values[column]}" differs from line ${existing.line} of the same section ("${first[column]}")`,
          );
      if (errors.size > before) return;
      for (const m of meetings) {
        const clash = existing.meetings.find(
          (e) =>
            e.day === m.day &&
            e.startsAt < m.endsAt &&
            m.startsAt < e.endsAt &&
            (e.startsOn ?? '0') <= (m.endsOn ?? '9') &&
            (m.startsOn ?? '0') <= (e.endsOn ?? '9'),
        );
        if (clash) {
          errors.add(row.line, 'days', `overlaps another meeting of the same section (${clash.startsAt}–${clash.endsAt})`);
          return;
        }
      }
      existing.meetings.push(...meetings);
      return;
    }
    this.firstValues.set(key, values);
    this.sections.set(key, {
      line: row.line,
      subject,
      number,
      title,
      description,
      credits,
      code,
      capacity,
      waitlist,
      component,
      linkedTo,
      location,
      instructor,
      prerequisites,
      crossList,
      meetings,
    });
  }

  /** What only the whole file can tell: links to sections it names, a course's title and prerequisites agreeing. */
  finish(existingCodes: (subject: string, number: string) => Map<string, string>) {
    const byCourse = new Map<string, ImportSection[]>();
    for (const s of this.sections.values()) {
      const k = courseKey(s.subject, s.number);
      byCourse.set(k, [...(byCourse.get(k) ?? []), s]);
    }
    for (const list of byCourse.values()) {
      const first = list[0]!;
      const components = new Map(existingCodes(first.subject, first.number));
      for (const s of list) components.set(s.code, s.component);
      for (const s of list) {
        if (s.title !== first.title)
          this.errors.add(s.line, 'title', `"${s.title}" differs from line ${first.line} of the same course ("${first.title}")`);
        if ((s.prerequisites?.text ?? '') !== (first.prerequisites?.text ?? ''))
          this.errors.add(s.line, 'prerequisites', `differs from line ${first.line} of the same course`);
        if (s.linkedTo) {
          const target = components.get(s.linkedTo);
          if (target === undefined)
            this.errors.add(s.line, 'linked_to', `${s.subject} ${s.number} has no section ${s.linkedTo} in this term`);
          else if (target === s.component)
            this.errors.add(s.line, 'linked_to', `${s.linkedTo} is also a ${s.component}: a link joins different components`);
        }
      }
    }
  }
}
