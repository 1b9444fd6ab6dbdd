import Link from 'next/link';
import type { HistoryRow } from '@/db/queries/history';
import { HISTORY_LIMIT } from '@/db/queries/history';
import { EVENT_KIND_LABELS, describeEvent, type HistoryReader } from '@/lib/domain/history';
import { formatInstant } from '@/lib/format';
import type { ActionState } from '@/lib/web/action-state';
import { DataTable, EmptyState } from './data-table';
import { FormMessage } from './form-message';
import { Field, inputClass } from './field';

/** The filters as the page read them: what was asked for, and what was wrong with it. */
export type HistoryFilterState = ActionState;

/** A timeline (docs/decisions/0012): filters by kind and campus days (a GET form), events newest first. */
export function HistoryTimeline({
  rows,
  reader,
  filter,
  caption,
  csvHref,
  showStudent = false,
}: {
  rows: readonly HistoryRow[];
  reader: HistoryReader;
  filter: HistoryFilterState;
  caption: string;
  csvHref?: string;
  showStudent?: boolean;
}) {
  const kinds = Object.entries(EVENT_KIND_LABELS);
  return (
    <div className="space-y-4">
      {/* A bad filter's answer; nothing (no blank band) otherwise: the page itself answered a GET. */}
      {filter.status === 'error' ? <FormMessage state={filter} /> : null}
      <form method="get" className="flex flex-wrap items-end gap-4" aria-label="Filter the history">
        <Field name="kind" label="Kind of event" state={filter}>
          {(control) => (
            <select {...control} className={inputClass}>
              <option value="">All events</option>
              {kinds.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="from" label="From" state={filter}>
          {(control) => <input {...control} type="date" className={inputClass} />}
        </Field>
        <Field name="to" label="To" state={filter}>
          {(control) => <input {...control} type="date" className={inputClass} />}
        </Field>
        <button type="submit" className="hover:bg-brand-800 rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white">
          Filter
        </button>
        {csvHref ? (
          <a href={csvHref} className="py-2 text-sm text-brand-700 underline" download>
            Download CSV
          </a>
        ) : null}
      </form>
      {filter.status === 'error' ? null : rows.length ? (
        <>
          <DataTable caption={caption} columns={['When', ...(showStudent ? ['Student'] : []), 'What happened']}>
            {rows.map((r) => (
              <tr key={r.id} id={`event-${r.id}`}>
                <td className="px-4 py-3 whitespace-nowrap">
                  <time dateTime={r.at.toISOString()}>{formatInstant(r.at)}</time>
                </td>
                {showStudent ? (
                  <td className="px-4 py-3">
                    <Link
                      href={`/registrar/students/${r.studentId}/history`}
                      className="text-brand-700 underline-offset-2 hover:underline"
                    >
                      {r.studentName ?? `Student ${r.studentId}`}
                    </Link>
                  </td>
                ) : null}
                <td className="px-4 py-3">{describeEvent(r, reader)}</td>
              </tr>
            ))}
          </DataTable>
          {rows.length === HISTORY_LIMIT ? (
            <p className="text-sm text-slate-600">
              The newest {HISTORY_LIMIT} events are shown; narrow the dates to see older ones.
            </p>
          ) : null}
        </>
      ) : (
        <EmptyState>No events match.</EmptyState>
      )}
    </div>
  );
}
