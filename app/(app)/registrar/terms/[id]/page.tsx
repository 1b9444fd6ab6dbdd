import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/app/_components/page-header';
import { findTermById } from '@/db/queries/terms';
import { CAMPUS_TIME_ZONE } from '@/lib/format';
import { idSchema } from '@/lib/ids';
import { requirePageRole } from '@/lib/web/authz';
import { toCampusLocal } from '@/lib/web/term-form';
import { TermForm } from '../term-forms';

export const metadata: Metadata = { title: 'Edit term' };

export default async function EditTermPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageRole('registrar');
  const id = idSchema.safeParse((await params).id);
  const term = id.success ? await findTermById(id.data) : undefined;
  if (!term) notFound();
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Edit ${term.name}`}
        aside={
          <Link href="/registrar/terms" className="text-brand-700 hover:underline">
            All terms
          </Link>
        }
      />
      <TermForm
        zone={CAMPUS_TIME_ZONE}
        term={{
          id: term.id,
          code: term.code,
          name: term.name,
          registrationOpensAt: toCampusLocal(term.registrationOpensAt),
          registrationClosesAt: toCampusLocal(term.registrationClosesAt),
          dropDeadline: toCampusLocal(term.dropDeadline),
          withdrawDeadline: toCampusLocal(term.withdrawDeadline),
          classesStartOn: term.classesStartOn ?? '',
          classesEndOn: term.classesEndOn ?? '',
        }}
      />
    </div>
  );
}
