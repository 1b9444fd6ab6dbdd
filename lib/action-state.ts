/** The one shape every form's server action returns to useActionState. */
export interface ActionState {
  status: 'idle' | 'success' | 'error';
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** Changes on every answer, so that the same message twice is still announced. */
  at?: number;
}

export const IDLE: ActionState = { status: 'idle', message: '' };

export const success = (message: string): ActionState => ({ status: 'success', message, at: Date.now() });
export const failure = (message: string, fieldErrors?: ActionState['fieldErrors']): ActionState => ({
  status: 'error',
  message,
  fieldErrors,
  at: Date.now(),
});
