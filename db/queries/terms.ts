import 'server-only';
import { asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { LeaveMode, RegistrationWindow } from '@/core/calendar';
import { db } from '../index';
import { terms, type Term } from '../schema';

/** A term's calendar by the database's clock (db/sql/functions/term_*.sql): select these beside `terms`. */
export const termClock = {
  registration: sql<RegistrationWindow>`term_registration_window(${terms.id})`,
  leaveMode: sql<LeaveMode>`term_leave_mode(${terms.id})`,
};

export type TermWithClock = Term & { registration: RegistrationWindow; leaveMode: LeaveMode };
const withClock = { ...getTableColumns(terms), ...termClock };

/** The term whose registration is open now (the longest-open one), else the most recent to open. */
export async function currentTerm(): Promise<TermWithClock | undefined> {
  const openNow = sql`(${terms.registrationOpensAt} <= now() AND now() < ${terms.registrationClosesAt})`;
  const [term] = await db()
    .select(withClock)
    .from(terms)
    .where(sql`${terms.registrationOpensAt} <= now()`)
    .orderBy(desc(openNow), sql`CASE WHEN ${openNow} THEN ${terms.registrationOpensAt} END ASC`, desc(terms.registrationOpensAt))
    .limit(1);
  return term ?? (await db().select(withClock).from(terms).orderBy(asc(terms.registrationOpensAt)).limit(1))[0];
}

export async function findTermByCode(code: string): Promise<Term | undefined> {
  const [term] = await db().select().from(terms).where(eq(terms.code, code));
  return term;
}

export async function listTerms(): Promise<Term[]> {
  return db().select().from(terms).orderBy(desc(terms.registrationOpensAt));
}
