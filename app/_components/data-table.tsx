import Link from 'next/link';
import type { ReactNode } from 'react';

/** A header: its text; hidden (read by screen readers only); or a link that sorts by it. */
export type Column = string | { label: string; hidden: true } | { label: string; sortHref: string; sorted: boolean };

function HeaderCell({ column }: { column: Column }) {
  if (typeof column === 'string') {
    return (
      <th scope="col" className="px-4 py-3 font-semibold">
        {column}
      </th>
    );
  }
  if ('hidden' in column) {
    return (
      <th scope="col" className="px-4 py-3 font-semibold">
        <span className="sr-only">{column.label}</span>
      </th>
    );
  }
  return (
    <th scope="col" aria-sort={column.sorted ? 'ascending' : undefined} className="px-4 py-3 font-semibold">
      <Link href={column.sortHref} className="text-slate-800 underline-offset-2 hover:underline">
        {column.label}
        {column.sorted ? (
          <span aria-hidden="true"> ↑</span>
        ) : (
          <span className="sr-only"> (sort by {column.label.toLowerCase()})</span>
        )}
      </Link>
    </th>
  );
}

/**
 * On a phone a stacked table shows each row as a card, its cells one under the other, so nothing needs sideways
 * scrolling; its headers stay for screen readers. A cell only wide screens need takes `max-sm:hidden!`.
 */
const STACKED =
  'max-sm:block max-sm:[&_tbody]:block max-sm:[&_td]:block max-sm:[&_td]:px-0 max-sm:[&_td]:py-0.5 max-sm:[&_th]:block ' +
  'max-sm:[&_tbody_th]:px-0 max-sm:[&_tbody_th]:py-0.5 max-sm:[&_thead]:sr-only max-sm:[&_tr]:block max-sm:[&_tr]:px-4 max-sm:[&_tr]:py-3';

/**
 * The one table frame of the app: keeps a caption for screen readers; on a phone it scrolls sideways inside its
 * frame, or stacks (`stacked`). The frame is `relative` so that screen-reader-only text in it (absolutely placed)
 * is clipped by the frame instead of widening the whole page.
 */
export function DataTable({
  caption,
  columns,
  children,
  stacked = false,
}: {
  caption: string;
  columns: Column[];
  children: ReactNode;
  stacked?: boolean;
}) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className={`w-full text-left text-sm ${stacked ? STACKED : ''}`}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            {columns.map((column) => (
              <HeaderCell key={typeof column === 'string' ? column : column.label} column={column} />
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">{children}</p>;
}
