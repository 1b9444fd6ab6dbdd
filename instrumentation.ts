/**
 * Runs once when a Next.js server starts. The checks are Node.js-only (they may end the process), so they live in a
 * module the Edge build never compiles; so does the sweep that applies reserved seats' releases (docs/decisions/0025).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    await import('./lib/startup-checks');
    if (process.env.DATABASE_URL) (await import('./lib/reservation-sweep')).startReservationSweep();
  }
}
