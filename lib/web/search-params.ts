import 'server-only';
import { notFound } from 'next/navigation';
import { currentTerm, findTermByCode } from '@/db/queries/terms';
import { hasNul } from '@/lib/text';

export type SearchParams = Record<string, string | string[] | undefined>;

/** A repeated query parameter counts once: the first. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `?term=CODE`, else the current term (db/queries/terms currentTerm): the one rule of every page with a term. A
 * code that names no term is a 404, as on the JSON catalog, never another term's page under that address.
 */
export async function termFromSearchParams(params: SearchParams) {
  const code = firstParam(params.term);
  if (!code) return currentTerm();
  const requested = code.length <= 40 && !hasNul(code) ? await findTermByCode(code) : undefined;
  return requested ?? notFound();
}
