import 'server-only';
import { currentTerm, findTermByCode } from '@/db/queries/terms';
import { hasNul } from '@/lib/text';

export type SearchParams = Record<string, string | string[] | undefined>;

/** A repeated query parameter counts once: the first. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `?term=CODE` when it names a term, else the current term: the one rule of every page with a term. */
export async function termFromSearchParams(params: SearchParams) {
  const code = firstParam(params.term);
  const requested = code && code.length <= 40 && !hasNul(code) ? await findTermByCode(code) : undefined;
  return requested ?? (await currentTerm());
}
