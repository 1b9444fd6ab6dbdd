import type { AcceptedConflict } from '@/db/queries/sections';
import { formatMeetings } from '@/core/meetings';

/**
 * A seat a registrar's move left overlapping another class, knowingly (docs/decisions/0018): on the roster and
 * on the student's schedule. Nothing when there is none.
 */
export function ConflictBadge({ conflicts }: { conflicts: readonly AcceptedConflict[] }) {
  if (!conflicts.length) return null;
  const sections = [...new Set(conflicts.map((c) => c.conflictingSection))].join(', ');
  const when = formatMeetings(conflicts.map(({ day, startsAt, endsAt }) => ({ day, startsAt, endsAt })));
  return (
    <span className="mt-1 block text-sm text-amber-800">
      <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">Time conflict</span> overlaps{' '}
      {sections} ({when}), accepted by the registrar when the section moved
    </span>
  );
}
