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

/** The one table frame of the app: scrolls sideways on a phone, keeps a caption for screen readers. */
export function DataTable({ caption, columns, children }: { caption: string; columns: Column[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
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
