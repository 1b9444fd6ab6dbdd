import 'server-only';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { db } from '../index';
import { terms, type Term } from '../schema';

/** The term whose registration is open now (the longest-open one), else the most recent to open. */
export async function currentTerm(): Promise<Term | undefined> {
  const openNow = sql`(${terms.registrationOpensAt} <= now() AND now() < ${terms.registrationClosesAt})`;
  const [term] = await db()
    .select()
    .from(terms)
    .where(sql`${terms.registrationOpensAt} <= now()`)
    .orderBy(desc(openNow), sql`CASE WHEN ${openNow} THEN ${terms.registrationOpensAt} END ASC`, desc(terms.registrationOpensAt))
    .limit(1);
  return term ?? (await db().select().from(terms).orderBy(asc(terms.registrationOpensAt)).limit(1))[0];
}

export async function findTermByCode(code: string): Promise<Term | undefined> {
  const [term] = await db().select().from(terms).where(eq(terms.code, code));
  return term;
}

export async function listTerms(): Promise<Term[]> {
  return db().select().from(terms).orderBy(desc(terms.registrationOpensAt));
}
