import { NextResponse } from 'next/server';
import { databaseIsReachable } from '@/db/queries/health';

export const dynamic = 'force-dynamic';

/** Readiness: 200 when the database answers, 503 otherwise (load balancers, e2e start-up). */
export async function GET() {
  return (await databaseIsReachable())
    ? NextResponse.json({ status: 'ok' })
    : NextResponse.json({ error: 'unavailable', message: 'The database is not reachable' }, { status: 503 });
}
