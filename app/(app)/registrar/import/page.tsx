import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/page-header';
import { listTerms } from '@/db/queries/terms';
import { requirePageRole } from '@/lib/web/authz';
import { ImportForm } from './import-form';

export const metadata: Metadata = { title: 'Import' };

/** Upload a CSV file, read the preview of what it would create, update and leave alone, then apply it. */
export default async function ImportPage() {
  await requirePageRole('registrar');
  const terms = await listTerms();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Import"
        subtitle="A schedule of classes, students, transcripts or appointments from a CSV file (UTF-8, a header row, at most 20 MB)."
      />
      <ImportForm terms={terms.map((t) => ({ code: t.code, name: t.name }))} />
    </div>
  );
}
