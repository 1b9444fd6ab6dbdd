/** The one shape every form's server action returns to useActionState. */
export interface ActionState {
  status: 'idle' | 'success' | 'error';
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** What was submitted, handed back with an error so the form shows it again (never a password). */
  values?: Record<string, string | string[]>;
  /** What a refusal carries beyond words, for the form to show (a move's students in conflict: docs/decisions/0018). */
  details?: Record<string, unknown>;
  /** Changes on every response, so that the same message twice is still announced. */
  at?: number;
}

export const IDLE: ActionState = { status: 'idle', message: '' };

export const success = (message: string): ActionState => ({ status: 'success', message, at: Date.now() });

export const failure = (
  message: string,
  fieldErrors?: ActionState['fieldErrors'],
  values?: ActionState['values'],
): ActionState => ({ status: 'error', message, fieldErrors, values, at: Date.now() });
