import type { Metadata } from 'next';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { inputClass } from '@/app/_components/field';
import { PageHeader, Summary } from '@/app/_components/page-header';
import { TermSelect } from '@/app/_components/term-select';
import { formatOpensAt } from '@/core/rules';
import { appointmentSummary } from '@/db/queries/appointments';
import { listPriorityGroups } from '@/db/queries/priority-groups';
import { listTerms } from '@/db/queries/terms';
import { previewAppointmentPlan } from '@/lib/domain/appointments';
import { fieldErrors } from '@/lib/web/field-errors';
import { appointmentPlanSchema } from '@/lib/web/appointment-plan';
import { requirePageRole } from '@/lib/web/authz';
import { firstParam, termFromSearchParams, type SearchParams } from '@/lib/web/search-params';
import { hasNul } from '@/lib/text';
import { ApplyAppointmentsForm } from './apply-form';
import { DeletePriorityGroupForm, SavePriorityGroupForm } from './group-forms';

export const metadata: Metadata = { title: 'Registration appointments' };

const FIELDS = ['order', 'start', 'perSlot', 'everyMinutes', 'priorityMajor', 'groups'] as const;

/**
 * Appointments by rule (docs/decisions/0025): the plan is a GET form, so its preview is a page one can reload and
 * share; Apply posts the same fields and sets every student's appointment in one transaction.
 */
export default async function AppointmentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole('registrar');
  const params = await searchParams;
  const [term, terms] = await Promise.all([termFromSearchParams(params), listTerms()]);
  if (!term) return <EmptyState>No term has been set up yet.</EmptyState>;
  const raw = Object.fromEntries(FIELDS.map((name) => [name, firstParam(params[name]) ?? '']));
  const asked = raw.start !== '' && !hasNul(raw);
  const parsed = asked ? appointmentPlanSchema.safeParse({ ...raw, termId: String(term.id) }) : undefined;
  const [preview, summary, groups] = await Promise.all([
    parsed?.success ? previewAppointmentPlan(parsed.data) : undefined,
    appointmentSummary(term.id),
    listPriorityGroups(),
  ]);
  const errors: Record<string, string[] | undefined> =
    parsed && !parsed.success
      ? fieldErrors(parsed.error)
      : preview && !preview.ok
        ? { groups: [preview.message ?? 'No priority group has that name'] }
        : {};
  const slots = preview?.ok ? preview.value.slots : undefined;
  const groupCounts = preview?.ok ? preview.value.groups : [];
  const students = slots?.reduce((sum, s) => sum + s.students, 0) ?? 0;
  const error = (name: string) =>
    errors[name]?.length ? (
      <p id={`${name}-error`} className="mt-1 text-sm text-red-700">
        {errors[name]!.join(' ')}
      </p>
    ) : null;
  const described = (name: string) =>
    errors[name]?.length ? { 'aria-invalid': true as const, 'aria-describedby': `${name}-error` } : {};

  return (
    <div className="space-y-6">
      <PageHeader
        title="Registration appointments"
        subtitle={term.name}
        aside={
          <Summary>
            {summary.students
              ? `${summary.students} students have one, ${formatOpensAt(summary.first!)} – ${formatOpensAt(summary.last!)}`
              : 'No appointments yet: students follow the term’s window'}
          </Summary>
        }
      />
      <form
        method="get"
        action="/registrar/appointments"
        noValidate
        className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 sm:grid-cols-2"
      >
        <TermSelect terms={terms} selected={term.code} />
        <div>
          <label htmlFor="order" className="block text-sm font-medium text-slate-800">
            Priority order
          </label>
          <select id="order" name="order" defaultValue={raw.order || 'credits'} className={inputClass} {...described('order')}>
            <option value="credits">Earned credits, highest first</option>
            <option value="standing">Class standing, then earned credits</option>
          </select>
          {error('order')}
        </div>
        <div>
          <label htmlFor="start" className="block text-sm font-medium text-slate-800">
            First slot (campus time)
          </label>
          <input
            id="start"
            name="start"
            type="datetime-local"
            defaultValue={raw.start}
            required
            className={inputClass}
            {...described('start')}
          />
          {error('start')}
        </div>
        <div>
          <label htmlFor="perSlot" className="block text-sm font-medium text-slate-800">
            Students per slot
          </label>
          <input
            id="perSlot"
            name="perSlot"
            type="number"
            min={1}
            inputMode="numeric"
            defaultValue={raw.perSlot || '50'}
            className={inputClass}
            {...described('perSlot')}
          />
          {error('perSlot')}
        </div>
        <div>
          <label htmlFor="everyMinutes" className="block text-sm font-medium text-slate-800">
            Minutes between slots
          </label>
          <input
            id="everyMinutes"
            name="everyMinutes"
            type="number"
            min={1}
            inputMode="numeric"
            defaultValue={raw.everyMinutes || '30'}
            className={inputClass}
            {...described('everyMinutes')}
          />
          {error('everyMinutes')}
        </div>
        <div>
          <label htmlFor="priorityMajor" className="block text-sm font-medium text-slate-800">
            Priority group first: major (optional)
          </label>
          <input
            id="priorityMajor"
            name="priorityMajor"
            type="text"
            maxLength={80}
            defaultValue={raw.priorityMajor}
            className={inputClass}
            {...described('priorityMajor')}
          />
          {error('priorityMajor')}
        </div>
        <div>
          <label htmlFor="groups" className="block text-sm font-medium text-slate-800">
            Priority groups first, in order (optional)
          </label>
          <input
            id="groups"
            name="groups"
            type="text"
            maxLength={1000}
            defaultValue={raw.groups}
            placeholder={groups
              .slice(0, 2)
              .map((g) => g.name)
              .join(', ')}
            className={inputClass}
            {...described('groups')}
          />
          {error('groups')}
        </div>
        <div className="sm:col-span-2">
          <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
            Preview
          </button>
        </div>
      </form>
      {slots ? (
        slots.length ? (
          <>
            <DataTable caption={`Preview: ${slots.length} slots for ${students} students`} columns={['Opens', 'Students']}>
              {slots.map((slot) => (
                <tr key={slot.opensAt.toISOString()}>
                  <td className="px-4 py-3">{formatOpensAt(slot.opensAt)}</td>
                  <td className="px-4 py-3 tabular-nums">{slot.students}</td>
                </tr>
              ))}
            </DataTable>
            {groupCounts.length ? (
              <DataTable caption="Preview by priority group" columns={['Group', 'Students', 'First slot', 'Last slot']}>
                {groupCounts.map((g) => (
                  <tr key={g.name ?? ''}>
                    <td className="px-4 py-3">{g.name ?? 'Everyone else'}</td>
                    <td className="px-4 py-3 tabular-nums">{g.students}</td>
                    <td className="px-4 py-3">{formatOpensAt(g.first)}</td>
                    <td className="px-4 py-3">{formatOpensAt(g.last)}</td>
                  </tr>
                ))}
              </DataTable>
            ) : null}
            <ApplyAppointmentsForm plan={{ ...raw, termId: String(term.id) }} students={students} />
          </>
        ) : (
          <EmptyState>There are no students to give appointments to.</EmptyState>
        )
      ) : null}
      <section aria-labelledby="groups-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="groups-heading" className="text-lg font-semibold text-slate-900">
          Priority groups
        </h2>
        <p className="text-sm text-slate-700">
          Students registered first (athletes, honors, veterans, disability services): name them above, in order, and the plan
          places each group before everyone else.
        </p>
        {groups.length ? (
          <DataTable caption="Priority groups" columns={['Group', 'Members', { label: 'Remove', hidden: true }]}>
            {groups.map((g) => (
              <tr key={g.id}>
                <td className="px-4 py-3">{g.name}</td>
                <td className="px-4 py-3 tabular-nums">{g.members}</td>
                <td className="px-4 py-3">
                  <DeletePriorityGroupForm groupId={g.id} name={g.name} />
                </td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <EmptyState>No priority groups yet.</EmptyState>
        )}
        <SavePriorityGroupForm />
      </section>
    </div>
  );
}
