'use client';

import { createContext, use, useActionState, type ReactNode } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { LeaveButton } from '@/app/_components/leave-button';
import { IDLE } from '@/lib/action-state';
import { leaveAction } from '../sections/[id]/actions';

const LeaveContext = createContext<{ leave: (formData: FormData) => void; pending: boolean } | null>(null);

/** Holds the answer above the table: the row it came from disappears once the drop is done. */
export function ScheduleLeaveProvider({ children }: { children: ReactNode }) {
  const [state, leave, pending] = useActionState(leaveAction, IDLE);
  return (
    <LeaveContext value={{ leave, pending }}>
      <FormMessage state={state} />
      {children}
    </LeaveContext>
  );
}

export function ScheduleLeaveForm({ sectionId, label, mode }: { sectionId: number; label: string; mode: 'drop' | 'withdraw' }) {
  const context = use(LeaveContext);
  if (!context) throw new Error('ScheduleLeaveForm must be inside ScheduleLeaveProvider');
  return (
    <form action={context.leave}>
      <input type="hidden" name="sectionId" value={sectionId} />
      <LeaveButton mode={mode} what={label} pending={context.pending} />
    </form>
  );
}
