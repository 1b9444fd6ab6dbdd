/**
 * The import section of `npm run bench` (docs/decisions/0024): a generated schedule of 13,000 sections in 15,000
 * rows (2,300 courses, 60% of sections without meetings, labs linked to lectures, prerequisites, 1,500 instructors)
 * and 40,000 students, each imported by `npm run import` (its own process, so its peak RSS is the importer's) from
 * scratch, then again unchanged. Goal: the schedule under 60 s and 300 MB; the unchanged re-import faster.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/executor';

const ROOT = path.resolve(import.meta.dirname, '..');
const SUBJECTS = Array.from(
  { length: 46 },
  (_, i) => `B${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`,
);
const DAYS = ['MWF', 'TR', 'MW', 'F', 'R'];

export function scheduleCsv(): { text: string; sections: number; rows: number } {
  const lines = [
    'subject,number,title,credits,section,capacity,component,linked_to,waitlist,days,start,end,location,instructor_email,instructor_name,prerequisites',
  ];
  let sections = 0;
  let withMeetings = 0;
  let doubled = 0;
  for (let c = 0; c < 2300; c++) {
    const subject = SUBJECTS[c % SUBJECTS.length]!;
    const number = String(1000 + Math.floor(c / SUBJECTS.length) * 10);
    const prerequisite =
      c >= 200 && c % 3 === 0
        ? `${SUBJECTS[(c - 92) % SUBJECTS.length]} ${1000 + Math.floor((c - 92) / SUBJECTS.length) * 10} [C]`
        : '';
    // 13,000 sections over 2,300 courses: 5 or 6 each (the first 1,500 courses get 6).
    const count = c < 1500 ? 6 : 5;
    for (let s = 0; s < count && sections < 13_000; s++, sections++) {
      const lab = s > 0 && c % 4 === 0;
      const code = lab ? `A0${s}` : s === 0 ? 'A' : String(s).padStart(3, '0');
      const instructor = `prof${(c * 7 + s) % 1500}@bench.example`;
      const base = [
        subject,
        number,
        `Course ${subject} ${number}`,
        lab ? '0' : '3',
        code,
        lab ? '24' : '40',
        lab ? 'LAB' : 'LEC',
        lab ? 'A' : '',
        '5',
      ];
      const meets = withMeetings < 5200 && (s === 0 || lab || sections % 5 === 0);
      if (!meets) {
        lines.push([...base, '', '', '', '', instructor, `Professor ${(c * 7 + s) % 1500}`, prerequisite].join(','));
        continue;
      }
      withMeetings++;
      const hour = 8 + ((c + s) % 10);
      lines.push(
        [
          ...base,
          DAYS[(c + s) % DAYS.length],
          `${hour}:00`,
          `${hour}:50`,
          `Hall ${c % 80}`,
          instructor,
          `Professor ${(c * 7 + s) % 1500}`,
          prerequisite,
        ].join(','),
      );
      if (doubled < 2000 && !lab) {
        doubled++;
        lines.push([...base, 'S', `${hour}:00`, `${hour + 1}:50`, `Lab ${c % 40}`, instructor, '', prerequisite].join(','));
      }
    }
  }
  // Fill to 15,000 rows with sections that have no meeting (directed study).
  let extra = 0;
  while (lines.length - 1 < 15_000 && sections < 13_000) {
    lines.push(`BZZ,${5000 + extra},Directed study ${extra},3,${String(extra).padStart(3, '0')},5,IND,,0,,,,,,,`);
    extra++;
    sections++;
  }
  return { text: `${lines.join('\n')}\n`, sections, rows: lines.length - 1 };
}

export function studentsCsv(count = 40_000): string {
  const standings = ['freshman', 'sophomore', 'junior', 'senior', 'graduate'];
  const lines = ['email,name,earned_credits,class_standing,major'];
  for (let i = 0; i < count; i++)
    lines.push(`student${i}@bench.example,Student ${i},${(i * 7) % 130},${standings[i % 5]},${i % 3 ? 'Physics' : ''}`);
  return `${lines.join('\n')}\n`;
}

interface Run {
  what: string;
  seconds: number;
  rssMb: number;
  summary: string;
}

async function runCli(url: string, args: string[]): Promise<Omit<Run, 'what'>> {
  const { stdout, stderr } = await promisify(execFile)(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['--conditions=react-server', 'scripts/import.ts', ...args, '--stats'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
  );
  const stats = /stats: ([\d.]+) s, peak RSS (\d+) MB/.exec(stderr);
  return { seconds: Number(stats?.[1] ?? NaN), rssMb: Number(stats?.[2] ?? NaN), summary: stdout.trim() };
}

/** Runs the four imports against `url` and prints them; returns the runs for a caller that records them. */
export async function importBench(url: string, database: Executor): Promise<Run[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'curriculab-import-bench-'));
  try {
    const schedule = scheduleCsv();
    writeFileSync(path.join(dir, 'schedule.csv'), schedule.text);
    writeFileSync(path.join(dir, 'students.csv'), studentsCsv());
    const code = `BENCH-${Date.now()}`;
    await database.execute(sql`
      INSERT INTO terms (code, name, registration_opens_at, registration_closes_at, drop_deadline, withdraw_deadline, classes_start_on, classes_end_on)
      VALUES (${code}, 'Import bench', now() + interval '30 days', now() + interval '60 days', now() + interval '70 days',
              now() + interval '90 days', (now() + interval '65 days')::date, (now() + interval '180 days')::date)`);
    const runs: Run[] = [];
    for (const [what, args] of [
      [
        `schedule, from scratch (${schedule.sections} sections, ${schedule.rows} rows)`,
        ['schedule', '--term', code, path.join(dir, 'schedule.csv')],
      ],
      ['students, from scratch (40,000)', ['students', path.join(dir, 'students.csv')]],
      ['schedule, unchanged re-import', ['schedule', '--term', code, path.join(dir, 'schedule.csv')]],
      ['students, unchanged re-import', ['students', path.join(dir, 'students.csv')]],
    ] as const) {
      runs.push({ what, ...(await runCli(url, [...args])) });
    }
    console.log('\nImport (npm run import, its own process)');
    for (const r of runs)
      console.log(
        `  ${r.what.padEnd(58)} ${r.seconds.toFixed(1).padStart(6)} s  ${String(r.rssMb).padStart(4)} MB  ${r.summary}`,
      );
    const first = runs[0]!;
    console.log(
      `  goal: schedule < 60 s and < 300 MB: ${first.seconds < 60 && first.rssMb < 300 ? 'met' : 'NOT met'}; unchanged re-import faster: ${runs[2]!.seconds < first.seconds ? 'yes' : 'NO'}`,
    );
    return runs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
