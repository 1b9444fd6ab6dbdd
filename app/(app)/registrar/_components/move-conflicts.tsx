import type { MoveConflict } from '@/db/queries/sections';
import { formatMeetings } from '@/core/meetings';
import type { ActionState } from '@/lib/web/action-state';

/**
 * The students a meeting move would put in a time conflict, from the database's rolled-back trial
 * (docs/decisions/0018), with the two ways on: apply anyway (the same form, naming these students; the database
 * re-checks under their locks) or cancel (back to the saved times).
 */
export function MoveConflicts({ state, sectionId }: { state: ActionState; sectionId: number }) {
  const conflicts = state.status === 'error' ? (state.details?.moveConflicts as MoveConflict[] | undefined) : undefined;
  if (!conflicts?.length) return null;
  return (
    <section aria-labelledby="move-conflicts-heading" className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4">
      <h3 id="move-conflicts-heading" className="font-semibold text-amber-900">
        {conflicts.length === 1 ? '1 student' : `${conflicts.length} students`} would have a time conflict
      </h3>
      <ul className="space-y-1 text-sm text-amber-900">
        {conflicts.map((c) => (
          <li key={c.studentId}>
            <span className="font-medium">{c.name}</span> ({c.email}): overlaps{' '}
            {[...new Set(c.conflicts.map((x) => x.conflictingSection))].join(', ')} —{' '}
            {formatMeetings(c.conflicts.map(({ day, startsAt, endsAt }) => ({ day, startsAt, endsAt })))}
          </li>
        ))}
      </ul>
      <p className="text-sm text-amber-900">
        Applying keeps their seats, marks them as conflicting on the roster and on their schedules, and records it in the history.
      </p>
      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          name="acceptConflicts"
          value={conflicts.map((c) => c.studentId).join(',')}
          className="rounded-md bg-amber-700 px-4 py-2 text-sm font-medium text-white hover:bg-amber-800"
        >
          Apply anyway
        </button>
        {/* A full load, not a client navigation: the form starts again from the saved times. */}
        <a
          href={`/registrar/sections/${sectionId}`}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Cancel
        </a>
      </div>
    </section>
  );
}
