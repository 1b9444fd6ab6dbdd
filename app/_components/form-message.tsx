import type { ActionState } from '@/lib/web/action-state';

/** The polite live region every form announces its message in. */
export function FormMessage({ state, id }: { state: ActionState; id?: string }) {
  return (
    <div id={id} role="status" aria-live="polite" aria-atomic="true" className="min-h-6">
      {state.status !== 'idle' && state.message ? (
        <p
          key={state.at}
          className={`rounded-md px-3 py-2 text-sm font-medium ${
            state.status === 'success' ? 'bg-emerald-50 text-emerald-900' : 'bg-rose-50 text-rose-900'
          }`}
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
