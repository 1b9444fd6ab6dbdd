import type { Term } from '@/db/schema';

/** The term picker of the catalog and the registrar's list (a GET form field named `term`). */
export function TermSelect({ terms, selected }: { terms: Pick<Term, 'id' | 'code' | 'name'>[]; selected: string }) {
  return (
    <div>
      <label htmlFor="term" className="block text-sm font-medium text-slate-800">
        Term
      </label>
      <select id="term" name="term" defaultValue={selected} className="mt-1 block rounded-md border border-slate-300 px-3 py-2">
        {terms.map((t) => (
          <option key={t.id} value={t.code}>
            {t.name}
          </option>
        ))}
      </select>
    </div>
  );
}
