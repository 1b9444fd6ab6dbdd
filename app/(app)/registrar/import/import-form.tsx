'use client';

import { useId, useState } from 'react';
import Link from 'next/link';
import { inputClass } from '@/app/_components/field';

type Kind = 'schedule' | 'students' | 'transcripts' | 'appointments';
interface Answer {
  message?: string;
  summary?: string;
  applied?: boolean;
  errors?: string[];
  warnings?: string[];
  tallies?: Record<string, { created: number; updated: number; unchanged: number }>;
}

const KINDS: { value: Kind; label: string }[] = [
  { value: 'schedule', label: 'Schedule of classes' },
  { value: 'students', label: 'Students' },
  { value: 'transcripts', label: 'Transcripts' },
  { value: 'appointments', label: 'Registration appointments' },
];
const LIMIT = 20 * 1024 * 1024;

/**
 * The file goes as the request body to POST /api/registrar/import (a server action's body is capped at a few
 * kilobytes): first `preview`, which runs the whole import and rolls it back, then `apply` with the same file.
 */
export function ImportForm({ terms }: { terms: { code: string; name: string }[] }) {
  const id = useId();
  const [kind, setKind] = useState<Kind>('schedule');
  const [term, setTerm] = useState(terms[0]?.code ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [previewed, setPreviewed] = useState(false);
  const [busy, setBusy] = useState(false);
  const needsTerm = kind === 'schedule' || kind === 'appointments';

  async function send(mode: 'preview' | 'apply') {
    if (!file) return setAnswer({ message: 'Choose a CSV file first.' });
    if (file.size > LIMIT)
      return setAnswer({ message: 'The file is larger than 20 MB: split it, or import it with npm run import.' });
    setBusy(true);
    try {
      const query = new URLSearchParams({ kind, mode, ...(needsTerm ? { term } : {}) });
      const response = await fetch(`/api/registrar/import?${query}`, {
        method: 'POST',
        body: file,
        headers: { 'Content-Type': 'text/csv' },
      });
      const body = (await response.json()) as Answer;
      setAnswer(body);
      setPreviewed(mode === 'preview' && response.ok);
    } catch {
      setAnswer({ message: 'The upload did not reach the server. Please try again.' });
    } finally {
      setBusy(false);
    }
  }

  const reset = () => {
    setAnswer(null);
    setPreviewed(false);
  };

  return (
    <div className="space-y-6">
      <form
        className="space-y-5 rounded-lg border border-slate-200 bg-white p-6"
        onSubmit={(event) => {
          event.preventDefault();
          void send('preview');
        }}
      >
        <div className="grid gap-5 sm:grid-cols-3">
          <div>
            <label htmlFor={`${id}-kind`} className="block text-sm font-medium text-slate-800">
              File
            </label>
            <select
              id={`${id}-kind`}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                reset();
              }}
              className={inputClass}
            >
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          {needsTerm ? (
            <div>
              <label htmlFor={`${id}-term`} className="block text-sm font-medium text-slate-800">
                Term
              </label>
              <select
                id={`${id}-term`}
                value={term}
                onChange={(e) => {
                  setTerm(e.target.value);
                  reset();
                }}
                className={inputClass}
              >
                {terms.map((t) => (
                  <option key={t.code} value={t.code}>
                    {t.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div>
            <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800">
              CSV file
            </label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                reset();
              }}
              className="mt-2 block w-full text-sm"
            />
          </div>
        </div>
        <div className="flex flex-wrap gap-3">
          <button
            type="submit"
            disabled={busy}
            className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
          >
            {busy && !previewed ? 'Checking…' : 'Preview'}
          </button>
          {previewed ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => void send('apply')}
              className="rounded-md bg-emerald-700 px-4 py-2 font-semibold text-white hover:bg-emerald-800 disabled:opacity-60"
            >
              {busy ? 'Applying…' : 'Apply'}
            </button>
          ) : null}
        </div>
      </form>

      <div aria-live="polite">
        {answer ? <ImportAnswer answer={answer} term={answer.applied && needsTerm && kind === 'schedule' ? term : null} /> : null}
      </div>
    </div>
  );
}

function ImportAnswer({ answer, term }: { answer: Answer; term: string | null }) {
  const failed = Boolean(answer.errors?.length) || (!answer.summary && answer.message);
  return (
    <section
      aria-label="Import result"
      className={`space-y-3 rounded-lg border p-4 ${failed ? 'border-red-300 bg-red-50' : 'border-emerald-300 bg-emerald-50'}`}
    >
      <p role="status" className="font-medium">
        {answer.summary ?? answer.message}
      </p>
      {answer.tallies && !answer.errors?.length ? (
        <table className="text-sm">
          <caption className="sr-only">What the file {answer.applied ? 'changed' : 'would change'}</caption>
          <thead>
            <tr>
              <th scope="col" className="pr-4 text-left">
                Rows
              </th>
              <th scope="col" className="pr-4 text-right">
                Created
              </th>
              <th scope="col" className="pr-4 text-right">
                Updated
              </th>
              <th scope="col" className="text-right">
                Unchanged
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(answer.tallies).map(([what, t]) => (
              <tr key={what}>
                <th scope="row" className="pr-4 text-left font-normal capitalize">
                  {what}
                </th>
                <td className="pr-4 text-right tabular-nums">{t.created}</td>
                <td className="pr-4 text-right tabular-nums">{t.updated}</td>
                <td className="text-right tabular-nums">{t.unchanged}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {answer.errors?.length ? (
        <ul aria-label="Bad rows" className="list-disc pl-5 font-mono text-sm">
          {answer.errors.slice(0, 500).map((e) => (
            <li key={e}>{e}</li>
          ))}
          {answer.errors.length > 500 ? <li>… and {answer.errors.length - 500} more</li> : null}
        </ul>
      ) : null}
      {answer.warnings?.length ? (
        <ul aria-label="Warnings" className="list-disc pl-5 text-sm">
          {answer.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {term ? (
        <Link href={`/sections?term=${encodeURIComponent(term)}`} className="text-brand-700 underline">
          See the catalog of that term
        </Link>
      ) : null}
    </section>
  );
}
