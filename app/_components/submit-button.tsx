'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';

/**
 * `leave` is how every button that gives something up looks before it is confirmed (Drop, Withdraw, Leave the
 * waitlist): a red outline; `danger` the solid red of the confirming click.
 */
export const BUTTON_TONES = {
  primary: 'bg-brand-600 font-semibold text-white hover:bg-brand-700',
  danger: 'bg-rose-700 font-medium text-white hover:bg-rose-800',
  leave: 'border border-rose-300 bg-white font-medium text-rose-800 hover:bg-rose-50',
} as const;

/** Every form's submit button: disabled, with a "…ing" label, while its form's action is pending. */
export function SubmitButton({
  children,
  pendingLabel,
  tone = 'primary',
  className = '',
}: {
  children: ReactNode;
  pendingLabel: string;
  tone?: keyof typeof BUTTON_TONES;
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      className={`rounded-md px-4 py-2 disabled:opacity-60 ${BUTTON_TONES[tone]} ${className}`}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}
