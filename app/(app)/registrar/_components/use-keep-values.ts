import { startTransition, type FormEvent } from 'react';

/**
 * React resets a form after its `action` runs, which would wipe what the registrar typed when the answer
 * is a field error. Submitting through onSubmit keeps the values; without JavaScript the action still posts.
 */
export function submitKeepingValues(action: (formData: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => action(formData));
  };
}
