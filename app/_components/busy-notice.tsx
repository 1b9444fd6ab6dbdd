'use client';

/**
 * What a signed-in page shows when the database is busy or out of reach (a statement timeout, no pooled connection
 * in time, a restart): the app's own page, never Next.js's bare error page (issue 28.2). Nothing was changed, so
 * trying again is safe; the retry reloads the page, which asks the server again.
 */
export function BusyNotice() {
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-6">
      <h1 className="text-lg font-semibold text-amber-900">Registration is busy — try again in a few seconds</h1>
      <p className="mt-2 text-amber-900">
        Many students are registering right now and this page could not be loaded in time. Nothing you did was lost.
      </p>
      <button
        type="button"
        onClick={() => window.location.reload()}
        className="mt-4 rounded-md bg-amber-700 px-4 py-2 font-medium text-white hover:bg-amber-800"
      >
        Try again
      </button>
    </div>
  );
}
