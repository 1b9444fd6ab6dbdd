import type { Term } from '@/db/schema';
import { TermSelect } from './term-select';

/** `?term=CODE` on a page that shows one term at a time (schedule, history): a GET form, no script needed. */
export function TermPicker({
  action,
  terms,
  selected,
}: {
  action: string;
  terms: Pick<Term, 'id' | 'code' | 'name'>[];
  selected: string;
}) {
  if (terms.length < 2) return null;
  return (
    <form action={action} method="get" className="flex items-end gap-3">
      <TermSelect terms={terms} selected={selected} />
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50">
        Show
      </button>
    </form>
  );
}
