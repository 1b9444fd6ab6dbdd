'use client';

import { createContext, use, useEffect, useState, type ReactNode } from 'react';
import type { ActionState } from '@/lib/web/action-state';

/**
 * The newest answer any form on the page received. A page has several forms (place a hold, lift one); once a newer
 * answer arrives, an older one would read as current ("Hold placed" under "Hold lifted"), so it is cleared.
 */
const Latest = createContext<{ at: number; saw: (at: number) => void } | null>(null);

export function LatestAnswerScope({ children }: { children: ReactNode }) {
  const [at, setAt] = useState(0);
  const [saw] = useState(() => (next: number) => setAt((current) => Math.max(current, next)));
  return <Latest value={{ at, saw }}>{children}</Latest>;
}

/** True when the message is already shown next to the field it is about: then it is announced, not shown twice. */
const shownAtField = (state: ActionState) =>
  Object.values(state.fieldErrors ?? {}).some((errors) => errors?.includes(state.message));

/** The polite live region every form announces its message in; empty (and no height) while there is nothing to say. */
export function FormMessage({ state, id, className }: { state: ActionState; id?: string; className?: string }) {
  const latest = use(Latest);
  const at = state.status === 'idle' ? 0 : (state.at ?? 0);
  useEffect(() => {
    if (at) latest?.saw(at);
  }, [at, latest]);
  const current = state.status !== 'idle' && state.message && !(latest && at < latest.at);
  return (
    <div id={id} role="status" aria-live="polite" aria-atomic="true" className={className}>
      {current ? (
        <p
          key={state.at}
          className={
            shownAtField(state)
              ? 'sr-only'
              : `rounded-md px-3 py-2 text-sm font-medium ${
                  state.status === 'success' ? 'bg-emerald-50 text-emerald-900' : 'bg-rose-50 text-rose-900'
                }`
          }
        >
          {state.message}
        </p>
      ) : null}
    </div>
  );
}

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-rose-700">
      {errors.join(' ')}
    </p>
  );
}
