import { Fragment, type ReactNode } from 'react';
import type { ActionState } from '@/lib/web/action-state';
import { FieldError } from './form-message';

export const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30';

export interface Control {
  id: string;
  name: string;
  defaultValue?: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/**
 * The one form field: label, control, hint and error, wired with aria-invalid / aria-describedby. After an
 * error the control shows again what was submitted (the action hands it back), else `defaultValue`. The control
 * is mounted afresh for each answer: React applies a changed `defaultValue` to an input but never to a `<select>`,
 * and the form's reset after the action would put a select back to its first default (the course forgotten).
 */
export function Field({
  name,
  label,
  state,
  hint,
  defaultValue,
  children,
}: {
  name: string;
  label: string;
  state: ActionState;
  hint?: string;
  defaultValue?: string;
  children: (control: Control) => ReactNode;
}) {
  const errors = state.fieldErrors?.[name];
  const submitted = state.values?.[name];
  const described = [errors ? `${name}-error` : '', hint ? `${name}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <Fragment key={state.at ?? 0}>
        {children({
          id: name,
          name,
          defaultValue: typeof submitted === 'string' ? submitted : defaultValue,
          'aria-invalid': errors ? true : undefined,
          'aria-describedby': described || undefined,
        })}
      </Fragment>
      {hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${name}-error`} errors={errors} />
    </div>
  );
}
