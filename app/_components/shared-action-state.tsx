'use client';

import { createContext, use, useActionState, type ReactNode } from 'react';
import { IDLE, type ActionState } from '@/lib/web/action-state';
import { FormMessage } from './form-message';

type Action = (previous: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * One action state shared by the forms of many table rows, its message shown above the table: the row a form
 * sits in may disappear once the action succeeds (a drop), and its message must stay on screen.
 */
export function createSharedActionState(action: Action, name: string) {
  const Context = createContext<((formData: FormData) => void) | null>(null);

  function Provider({ children }: { children: ReactNode }) {
    const [state, run] = useActionState(action, IDLE);
    return (
      <Context value={run}>
        {/* One block, the message's gap only when there is one: no blank band above the table while it is empty. */}
        <div>
          <FormMessage state={state} className="not-empty:mb-3" />
          {children}
        </div>
      </Context>
    );
  }

  function useRun() {
    const run = use(Context);
    if (!run) throw new Error(`${name} forms must be inside its Provider`);
    return run;
  }

  return { Provider, useRun };
}
