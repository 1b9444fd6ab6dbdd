'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';

const TONES = {
  primary: 'bg-brand-600 font-semibold hover:bg-brand-700',
  danger: 'bg-rose-700 font-medium hover:bg-rose-800',
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
  tone?: keyof typeof TONES;
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      className={`rounded-md px-4 py-2 text-white disabled:opacity-60 ${TONES[tone]} ${className}`}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}
