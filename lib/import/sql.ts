import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/db/executor';

/**
 * Stored as the password hash of an account made by an import: no argon2 hash looks like it, so verify() fails
 * and the account cannot sign in until someone sets a password (docs/decisions/0024).
 */
export const UNUSABLE_PASSWORD = '!imported';

/** A statement's rows as plain objects. */
export async function rowsOf<T>(tx: Executor, query: SQL): Promise<T[]> {
  return [...(await tx.execute<Record<string, unknown>>(query))] as T[];
}

/** A list as one parameter (drizzle spreads a JS array into a row of parameters): `= ANY(${textList(xs)})`. */
export const textList = (values: readonly string[]) =>
  sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
export const intList = (values: readonly number[]) =>
  sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::int)`;
