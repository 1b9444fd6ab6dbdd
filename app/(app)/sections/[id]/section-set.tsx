'use client';

import { useActionState, useState, useTransition, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { ENROLLED_IN_SET, postEnrollment } from '@/app/_components/direct-enroll';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { formatMeetings } from '@/core/meetings';
import type { SectionSet } from '@/db/queries/sets';
import { IDLE, type ActionState } from '@/lib/web/action-state';
import { enrollSetAction } from './actions';

interface Props {
  /** The section whose page this is. */
  sectionId: number;
  set: SectionSet;
  /** "CHEM 1211K-": a member's code follows it. */
  prefix: string;
  /** Enroll is offered: registration open, the student holds none of the set. */
  canEnroll: boolean;
  /** The members of this set the student holds (their lecture's set): marked, and picked. */
  heldIds?: number[];
}

/**
 * A lecture with its labs (docs/decisions/0022): the sections taken together, each with its seats, and one Enroll
 * for the set: the lecture and one section of each linked component, picked here (a lab's page picks itself).
 * With JavaScript, Enroll goes to the API's direct route, `POST /api/enrollments {sections}` (docs/decisions/0027);
 * without, the form posts the server action.
 */
export function SectionSet({ sectionId, set, prefix, canEnroll, heldIds = [] }: Props) {
  const [actionState, enroll] = useActionState(enrollSetAction, IDLE);
  const [direct, setDirect] = useState<ActionState>(IDLE);
  const [, startTransition] = useTransition();
  const router = useRouter();
  const state = (direct.at ?? 0) >= (actionState.at ?? 0) ? direct : actionState;
  const components = [...new Set(set.members.map((m) => m.component))];
  const onMember = set.members.find((m) => m.id === sectionId);
  const held = set.members.filter((m) => heldIds.includes(m.id));
  const [picked, setPicked] = useState<Record<string, number | undefined>>(() => ({
    ...(onMember ? { [onMember.component]: onMember.id } : {}),
    ...Object.fromEntries(held.map((m) => [m.component, m.id])),
  }));
  const chosen = [set.lecture.id, ...components.map((c) => picked[c]).filter((id): id is number => id !== undefined)];
  const onEnroll = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    startTransition(async () => {
      const answer = await postEnrollment('/api/enrollments', ENROLLED_IN_SET, { sections: chosen });
      startTransition(() => setDirect(answer.state));
      // The seats and the page's offers follow from the seats taken; a refusal changed nothing (as the action's).
      if (answer.enrolled) startTransition(() => router.refresh());
    });
  };
  const seatsLeft = (m: { capacity: number; enrolledCount: number }) => Math.max(0, m.capacity - m.enrolledCount);

  return (
    <section aria-labelledby="set-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="set-heading" className="text-lg font-semibold text-slate-900">
        Taken together
      </h2>
      <p className="text-sm text-slate-700">
        {prefix}
        {set.lecture.code} ({set.lecture.component}, {seatsLeft(set.lecture)} seats left) is taken with one{' '}
        {components.join(' and one ')} section.
      </p>
      {held.length ? (
        <p className="text-sm font-medium text-slate-900">You hold {held.map((m) => m.code).join(' and ')}.</p>
      ) : null}
      <form action={enroll} onSubmit={onEnroll} className="space-y-3">
        {components.map((component) => (
          <fieldset key={component} className="space-y-1">
            <legend className="text-sm font-medium text-slate-700">Pick a {component} section</legend>
            {set.members
              .filter((m) => m.component === component)
              .map((m) => (
                <label key={m.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name={`pick-${component}`}
                    value={m.id}
                    checked={picked[component] === m.id}
                    disabled={!canEnroll}
                    onChange={() => setPicked((p) => ({ ...p, [component]: m.id }))}
                  />
                  <span>
                    {prefix}
                    {m.code} · {formatMeetings(m.meetings)} · {m.credits} credits ·{' '}
                    {seatsLeft(m) === 0 ? 'full' : `${seatsLeft(m)} seats left`}
                    {heldIds.includes(m.id) ? ' · you hold this' : ''}
                  </span>
                </label>
              ))}
          </fieldset>
        ))}
        {chosen.map((id) => (
          <input key={id} type="hidden" name="sections" value={id} />
        ))}
        {canEnroll ? <SubmitButton pendingLabel="Enrolling…">Enroll in the set</SubmitButton> : null}
      </form>
      <FormMessage state={state} />
    </section>
  );
}
