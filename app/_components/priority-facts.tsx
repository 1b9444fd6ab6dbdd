import { formatOpensAt, formatReleaseDay } from '@/core/rules';
import type { CrossListView, SectionReservationView } from '@/db/queries/priority';

/** "Your registration opens Mon, Apr 6, 8:00 AM" (campus time), for the section and schedule pages. */
export function appointmentNotice(opensAt: Date): string {
  return `Your registration opens ${formatOpensAt(opensAt)}`;
}

/** "3 of 10 seats reserved for seniors until Apr 10" */
export function reservationSentence(capacity: number, r: SectionReservationView): string {
  return `${r.seats} of ${capacity} seats reserved for ${r.group} until ${formatReleaseDay(r.releasedAt)}`;
}

/** The section page's reserved seats and cross-list, as rows of its facts list (docs/decisions/0025). */
export function PriorityFacts({
  capacity,
  reservations,
  crossList,
}: {
  capacity: number;
  reservations: SectionReservationView[];
  crossList: CrossListView | undefined;
}) {
  const held = reservations.filter((r) => !r.released);
  return (
    <>
      {held.length ? (
        <>
          <dt className="font-medium text-slate-600">Reserved seats</dt>
          <dd>
            <ul className="space-y-1">
              {held.map((r) => (
                <li key={r.id}>
                  {reservationSentence(capacity, r)}
                  <span className="text-sm text-slate-600"> ({r.open} still open)</span>
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      {crossList ? (
        <>
          <dt className="font-medium text-slate-600">Cross-listed</dt>
          <dd>
            Shared with {crossList.sharedWith.join(', ') || 'no other section yet'}: {crossList.held} of {crossList.capacity}{' '}
            shared seats taken
          </dd>
        </>
      ) : null}
    </>
  );
}
