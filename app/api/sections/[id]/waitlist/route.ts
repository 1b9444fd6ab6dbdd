import { NextResponse } from 'next/server';
import { changeWaitlistSwapFrom, joinSectionWaitlist, leaveSectionWaitlist } from '@/lib/domain/waitlists';
import { refusalResponse, route } from '@/lib/web/route';
import { swapChoiceBody, waitlistJoinBody } from '@/lib/web/swap-body';

export const dynamic = 'force-dynamic';

/** Join the waitlist, `{"swapFrom"?, "with"?: [ids]}`: 201 {position, length, with}; 409 waitlist_full / already_waitlisted / already_enrolled / seats_available; the rules. */
export const POST = route({ roles: ['student'], id: 'section', body: waitlistJoinBody }, async ({ user, id, body }) => {
  const withSections = body.with ?? [];
  const result = await joinSectionWaitlist(user.id, id, body.swapFrom ?? null, withSections);
  if (!result.ok) return refusalResponse(result);
  // `with`: the rest of the set, taken with this seat at promotion (docs/decisions/0022).
  const answer = body.with ? { ...result.value, with: withSections.filter((s) => s !== id) } : result.value;
  return NextResponse.json(answer, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});

/**
 * Change the seat released when the student's turn comes, `{"swapFrom": id | null}`, keeping the place
 * (docs/decisions/0018): 200 {position, length, promoted}; 404 not_waitlisted; 409 swap_source_not_held; the rules.
 */
export const PATCH = route({ roles: ['student'], id: 'section', body: swapChoiceBody }, async ({ user, id, body }) => {
  const result = await changeWaitlistSwapFrom(user.id, id, body.swapFrom);
  if (!result.ok) return refusalResponse(result);
  return NextResponse.json(result.value, { headers: { 'Cache-Control': 'no-store' } });
});

/** Leave the waitlist: 200, or 404 not_waitlisted. */
export const DELETE = route({ roles: ['student'], id: 'section' }, async ({ user, id }) => {
  const result = await leaveSectionWaitlist(user.id, id);
  if (!result.ok) return refusalResponse(result);
  return NextResponse.json({ left: true }, { headers: { 'Cache-Control': 'no-store' } });
});
