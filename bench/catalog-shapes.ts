/**
 * The catalog's statements before and after docs/decisions/0015, timed in the same run on the same 5,000 sections:
 * raw SQL copies of the old shapes (a window count over the whole match; the registrar's every-row list) beside
 * what db/queries/sections.ts listCatalog now sends (the page's ids first, the count apart).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/executor';
import { summarize } from './stats';

export interface ShapeTiming {
  label: string;
  p50: number;
  p95: number;
}

const COLUMNS = sql`s.id, s.code, s.capacity, s.enrolled_count, section_meetings_json(s.id) AS meetings, s.location,
  c.id, c.subject, c.number, c.title, c.credits, u.id, u.name, u.email`;
const ORDER = sql`ORDER BY c.subject, c.number, s.code`;

function before(termId: number, offset: number): SQL {
  return sql`SELECT ${COLUMNS}, count(*) OVER () AS total
    FROM sections s JOIN courses c ON c.id = s.course_id LEFT JOIN users u ON u.id = s.instructor_id
    WHERE s.term_id = ${termId} ${ORDER} LIMIT 25 OFFSET ${offset}`;
}

function after(termId: number, offset: number): SQL[] {
  return [
    sql`SELECT ${COLUMNS}, s.waitlist_capacity,
             (SELECT count(*)::int FROM waitlist_entries w WHERE w.section_id = s.id) AS waitlist_length
      FROM (SELECT s.id FROM sections s JOIN courses c ON c.id = s.course_id
            WHERE s.term_id = ${termId} ${ORDER} LIMIT 25 OFFSET ${offset}) page_ids
      JOIN sections s ON s.id = page_ids.id JOIN courses c ON c.id = s.course_id LEFT JOIN users u ON u.id = s.instructor_id
      ${ORDER}`,
    sql`SELECT count(*) FROM sections s JOIN courses c ON c.id = s.course_id WHERE s.term_id = ${termId}`,
  ];
}

const everyRow = (termId: number) => sql`SELECT ${COLUMNS}
  FROM sections s JOIN courses c ON c.id = s.course_id LEFT JOIN users u ON u.id = s.instructor_id
  WHERE s.term_id = ${termId} ${ORDER}`;

async function time(db: Executor, label: string, statements: SQL[], runs = 12): Promise<ShapeTiming> {
  for (const statement of statements) await db.execute(statement); // warm the cache and the plan
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await Promise.all(statements.map((statement) => db.execute(statement)));
    times.push(performance.now() - started);
  }
  const { p50, p95 } = summarize(times);
  return { label, p50, p95 };
}

export async function timeCatalogShapes(db: Executor, termId: number, sections: number): Promise<ShapeTiming[]> {
  const last = Math.max(0, Math.ceil(sections / 25) - 1) * 25;
  return [
    await time(db, 'before: page 1 (window count)', [before(termId, 0)]),
    await time(db, 'after:  page 1 (ids first, count apart)', after(termId, 0)),
    await time(db, 'before: last page (window count)', [before(termId, last)]),
    await time(db, 'after:  last page (ids first, count apart)', after(termId, last)),
    await time(db, "before: registrar's list, every row", [everyRow(termId)], 4),
  ];
}
