/**
 * The demo term's priority registration (docs/decisions/0025): a profile for every demo student (kept when one
 * exists), appointments over a morning with student001–020 already open, seniors' reserved seats in one section, a
 * cross-listed pair, and two priority groups (Athletes: student021–030; Honors: student031–040). Re-seeding moves the
 * appointments with the term's dates and adds nothing else twice.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../executor';

const DEMO_STUDENT = String.raw`^student(\d{3})@`;

export async function seedPriorityRegistration(db: Executor, termId: number) {
  // Earned credits from the student number, standing from the credits; another seed's profile wins.
  await db.execute(sql`
    INSERT INTO student_profiles (student_id, earned_credits, class_standing)
    SELECT u.id, c.credits,
           CASE WHEN c.credits >= 90 THEN 'senior' WHEN c.credits >= 60 THEN 'junior'
                WHEN c.credits >= 30 THEN 'sophomore' ELSE 'freshman' END::class_standing
      FROM users u
      CROSS JOIN LATERAL (SELECT ((substring(u.email FROM ${DEMO_STUDENT})::int * 37) % 121)::numeric AS credits) c
     WHERE u.role = 'student' AND u.email ~ ${DEMO_STUDENT}
    ON CONFLICT (student_id) DO NOTHING`);
  // student001–020 opened an hour ago; everyone else from the next full hour, 40 students every 15 minutes,
  // highest earned credits first.
  await db.execute(sql`
    WITH ranked AS (
      SELECT u.id, substring(u.email FROM ${DEMO_STUDENT})::int AS n,
             row_number() OVER (ORDER BY coalesce(p.earned_credits, 0) DESC, u.id) - 1 AS rank
        FROM users u LEFT JOIN student_profiles p ON p.student_id = u.id
       WHERE u.role = 'student' AND u.email ~ ${DEMO_STUDENT} AND substring(u.email FROM ${DEMO_STUDENT})::int > 20)
    INSERT INTO registration_appointments (student_id, term_id, opens_at)
    SELECT id, ${termId}::integer, date_trunc('hour', now()) + interval '1 hour' + (rank / 40) * interval '15 minutes' FROM ranked
    UNION ALL
    SELECT u.id, ${termId}::integer, now() - interval '1 hour' FROM users u
     WHERE u.role = 'student' AND u.email ~ ${DEMO_STUDENT} AND substring(u.email FROM ${DEMO_STUDENT})::int <= 20
    ON CONFLICT (student_id, term_id) DO UPDATE SET opens_at = EXCLUDED.opens_at`);
  // Priority groups a registrar can name on /registrar/appointments ("Athletes, Honors").
  await db.execute(sql`INSERT INTO priority_groups (name) VALUES ('Athletes'), ('Honors') ON CONFLICT DO NOTHING`);
  await db.execute(sql`
    INSERT INTO priority_group_members (group_id, student_id)
    SELECT g.id, u.id FROM users u
      JOIN priority_groups g
        ON g.name = CASE WHEN substring(u.email FROM ${DEMO_STUDENT})::int BETWEEN 21 AND 30 THEN 'Athletes'
                         WHEN substring(u.email FROM ${DEMO_STUDENT})::int BETWEEN 31 AND 40 THEN 'Honors' END
     WHERE u.role = 'student' AND u.email ~ ${DEMO_STUDENT}
    ON CONFLICT DO NOTHING`);
  // Three seats for seniors, released in ten days, in the first section with that many free and no reservation yet.
  await db.execute(sql`
    INSERT INTO section_reservations (section_id, class_standing, seats, released_at)
    SELECT s.id, 'senior', 3, now() + interval '10 days' FROM sections s
     WHERE s.term_id = ${termId} AND s.capacity - s.enrolled_count >= 5
       AND NOT EXISTS (SELECT 1 FROM section_reservations r JOIN sections o ON o.id = r.section_id WHERE o.term_id = ${termId})
     ORDER BY s.id LIMIT 1`);
  // A cross-listed pair: the first sections of two courses with room, sharing their seats held plus four.
  const pair = await db.execute<{ id: number; enrolled_count: number }>(sql`
    SELECT s.id, s.enrolled_count FROM sections s
     WHERE s.term_id = ${termId} AND s.cross_list_id IS NULL AND s.capacity - s.enrolled_count >= 3
       AND s.reserved_open = 0 AND s.id IN (SELECT min(x.id) FROM sections x WHERE x.term_id = ${termId} GROUP BY x.course_id)
     ORDER BY s.id LIMIT 2`);
  if (pair.length < 2) return;
  const [list] = await db.execute<{ id: number }>(sql`
    INSERT INTO cross_lists (term_id, code, capacity)
    VALUES (${termId}, 'XL-DEMO', ${pair.reduce((sum, s) => sum + s.enrolled_count, 0) + 4})
    ON CONFLICT (term_id, code) DO NOTHING RETURNING id`);
  if (!list) return;
  for (const s of pair) await db.execute(sql`UPDATE sections SET cross_list_id = ${list.id} WHERE id = ${s.id}`);
}
