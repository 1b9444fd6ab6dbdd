'use client';

export default function SignedInError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-6">
      <h1 className="text-lg font-semibold text-amber-900">We can&apos;t load this page right now</h1>
      <p className="mt-2 text-amber-900">
        The registration service may be busy or briefly unavailable. Nothing you did was lost. Please try again in a moment.
      </p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-amber-700 px-4 py-2 font-medium text-white">
        Try again
      </button>
    </div>
  );
}
