import 'server-only';
import { currentTerm, findTermByCode } from '@/db/queries/terms';

/** `?term=CODE` when it names a term, else the current term (the catalog's rule). */
export async function termFromSearchParams(params: Record<string, string | string[] | undefined>) {
  const raw = Array.isArray(params.term) ? params.term[0] : params.term;
  const requested = raw && raw.length <= 40 ? await findTermByCode(raw) : undefined;
  return requested ?? (await currentTerm());
}
