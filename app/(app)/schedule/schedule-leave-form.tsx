'use client';

import { LeaveButton } from '@/app/_components/leave-button';
import { createSharedActionState } from '@/app/_components/shared-action-state';
import { leaveNamedAction } from '../sections/[id]/actions';

const leave = createSharedActionState(leaveNamedAction, 'ScheduleLeaveForm');

export const ScheduleLeaveProvider = leave.Provider;

export function ScheduleLeaveForm({ sectionId, label, mode }: { sectionId: number; label: string; mode: 'drop' | 'withdraw' }) {
  const run = leave.useRun();
  return (
    <form action={run}>
      <input type="hidden" name="sectionId" value={sectionId} />
      <LeaveButton mode={mode} what={label} />
    </form>
  );
}
