import type { Metadata } from 'next';
import Link from 'next/link';
import { listCourseOptions } from '@/db/queries/courses';
import { listInstructors } from '@/db/queries/users';
import { listTerms } from '@/db/queries/terms';
import { listLinkOptions } from '@/db/queries/sets';
import { requirePageRole } from '@/lib/web/authz';
import { termFromSearchParams, type SearchParams } from '@/lib/web/search-params';
import { CreateSectionForm } from '../../_components/create-section-form';

export const metadata: Metadata = { title: 'New section' };

export default async function NewSectionPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole('registrar');
  const [term, terms, courses, instructors] = await Promise.all([
    termFromSearchParams(await searchParams),
    listTerms(),
    listCourseOptions(),
    listInstructors(),
  ]);
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/registrar" className="text-brand-700 underline">
          All sections
        </Link>
      </nav>
      <h1 className="text-2xl font-semibold text-brand-900">New section</h1>
      <CreateSectionForm
        courses={courses}
        terms={terms.map((t) => ({ id: t.id, name: t.name }))}
        defaultTermId={term?.id}
        instructors={instructors}
        linkOptions={term ? await listLinkOptions({ termId: term.id }) : []}
      />
    </div>
  );
}
