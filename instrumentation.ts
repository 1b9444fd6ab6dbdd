/**
 * Runs once when a Next.js server starts. The checks are Node.js-only (they may end the process), so they live in a
 * module the Edge build never compiles; so do the notice delivery worker (docs/decisions/0026) and the sweep that
 * applies reserved seats' releases (docs/decisions/0025).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    await import('./lib/startup-checks');
    const { startNotificationWorker } = await import('./lib/notifications/worker');
    startNotificationWorker();
    if (process.env.DATABASE_URL) (await import('./lib/reservation-sweep')).startReservationSweep();
  }
}
