import 'server-only';
import { sql } from 'drizzle-orm';
import type { Result } from '@/core/result';
import { db } from '../index';
import type { Executor } from '../executor';

export interface PriorityGroupRow {
  id: number;
  name: string;
  members: number;
}

/** Every priority group with its number of members, by name. */
export async function listPriorityGroups(database: Executor = db()): Promise<PriorityGroupRow[]> {
  return database.execute<PriorityGroupRow & Record<string, unknown>>(sql`
    SELECT g.id, g.name, (SELECT count(*)::int FROM priority_group_members m WHERE m.group_id = g.id) AS members
      FROM priority_groups g ORDER BY lower(g.name), g.id`);
}

export type SaveGroupRefusal = 'unknown_students';

/**
 * A group saved by name with exactly these members, in one transaction: created, or its members replaced. Every
 * address must be a student's account; otherwise nothing is written and the refusal names the first few that are not.
 */
export async function savePriorityGroup(
  name: string,
  emails: string[],
  database: Executor = db(),
): Promise<Result<{ id: number; name: string; members: number }, SaveGroupRefusal>> {
  return database.transaction(async (tx) => {
    const found = await tx.execute<{ id: number; email: string }>(sql`
      SELECT id, lower(email) AS email FROM users
       WHERE role = 'student' AND lower(email) IN (SELECT jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb))`);
    const known = new Set(found.map((r) => r.email));
    const unknown = emails.filter((e) => !known.has(e));
    if (unknown.length) {
      const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
      return {
        ok: false as const,
        reason: 'unknown_students' as const,
        message: `No student has the address ${unknown.slice(0, 5).join(', ')}${more}`,
      };
    }
    // The name's row locked (or made) first, so two saves of one group follow one another.
    const [group] = await tx.execute<{ id: number; name: string }>(sql`
      INSERT INTO priority_groups (name) VALUES (${name})
      ON CONFLICT (lower(name)) DO UPDATE SET name = EXCLUDED.name RETURNING id, name`);
    await tx.execute(sql`DELETE FROM priority_group_members WHERE group_id = ${group!.id}`);
    await tx.execute(sql`
      INSERT INTO priority_group_members (group_id, student_id)
      SELECT ${group!.id}, id FROM unnest(${`{${found.map((r) => r.id).join(',')}}`}::int[]) AS x(id)`);
    return { ok: true as const, value: { id: group!.id, name: group!.name, members: found.length } };
  });
}

export async function deletePriorityGroup(
  id: number,
  database: Executor = db(),
): Promise<Result<{ name: string }, 'priority_group_not_found'>> {
  const [row] = await database.execute<{ name: string }>(sql`DELETE FROM priority_groups WHERE id = ${id} RETURNING name`);
  return row ? { ok: true, value: row } : { ok: false, reason: 'priority_group_not_found' };
}

/** The groups named, in the order given (names matched without regard to case), or the names no group has. */
export async function resolvePriorityGroups(
  names: string[],
  database: Executor = db(),
): Promise<Result<{ id: number; name: string }[], 'unknown_priority_group'>> {
  if (!names.length) return { ok: true, value: [] };
  const rows = await database.execute<{ id: number; name: string }>(sql`
    SELECT id, name FROM priority_groups WHERE lower(name) IN (SELECT jsonb_array_elements_text(${JSON.stringify(names.map((n) => n.toLowerCase()))}::jsonb))`);
  const byName = new Map(rows.map((r) => [r.name.toLowerCase(), r]));
  const unknown = names.filter((n) => !byName.has(n.toLowerCase()));
  if (unknown.length) {
    return {
      ok: false,
      reason: 'unknown_priority_group',
      message: `No priority group is named ${unknown.map((n) => `“${n}”`).join(', ')}`,
    };
  }
  return { ok: true, value: names.map((n) => byName.get(n.toLowerCase())!) };
}
