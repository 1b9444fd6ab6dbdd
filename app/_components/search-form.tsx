import type { ReactNode } from 'react';
import type { Term } from '@/db/schema';
import { TermSelect } from './term-select';

/** The one search form (a GET form with `q`): the catalog, the registrar's sections, the registrar's students. */
export function SearchForm({
  action,
  label,
  q,
  placeholder,
  children,
}: {
  action: string;
  label: string;
  q: string;
  placeholder?: string;
  /** Fields beside the search box (a term, a filter). */
  children?: ReactNode;
}) {
  return (
    <form
      role="search"
      className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4"
      action={action}
    >
      <div className="min-w-0 flex-1 basis-60">
        <label htmlFor="q" className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={q}
          placeholder={placeholder}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
        />
      </div>
      {children}
      <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700">
        Search
      </button>
    </form>
  );
}

/** A term's sections searched (`q`, `term`, and the catalog's `open`), for the student's catalog and the registrar. */
export function SectionSearch({
  action,
  label,
  q,
  terms,
  term,
  open,
}: {
  action: string;
  label: string;
  q: string;
  terms: Pick<Term, 'id' | 'code' | 'name'>[];
  term: string;
  /** The "only sections with open seats" filter, where the page offers it. */
  open?: boolean;
}) {
  return (
    <SearchForm action={action} label={label} q={q} placeholder="e.g. CS 101 or Algorithms">
      {terms.length > 1 ? <TermSelect terms={terms} selected={term} /> : <input type="hidden" name="term" value={term} />}
      {open === undefined ? null : (
        <div className="flex items-center gap-2 pb-2">
          <input id="open" name="open" type="checkbox" value="1" defaultChecked={open} className="size-4" />
          <label htmlFor="open" className="text-sm text-slate-800">
            Only sections with open seats
          </label>
        </div>
      )}
    </SearchForm>
  );
}
