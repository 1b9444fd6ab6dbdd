import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { PageHeader } from '@/app/_components/page-header';
import { SearchForm } from '@/app/_components/search-form';
import { searchStudents } from '@/db/queries/users';
import { requirePageRole } from '@/lib/web/authz';
import { firstParam, type SearchParams } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'Students' };

/** Find a student by name or email, to manage their holds, credit maximum and overrides. */
export default async function StudentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole('registrar');
  const q = (firstParam((await searchParams).q) ?? '').replace(/\0/g, '').trim().slice(0, 100);
  const students = q ? await searchStudents(q) : [];
  return (
    <div className="space-y-6">
      <PageHeader title="Students" subtitle="Holds, credit maximums and rule overrides" />
      <SearchForm action="/registrar/students" label="Name or email" q={q} />
      {students.length ? (
        <DataTable caption="Students found" columns={['Name', 'Email']}>
          {students.map((s) => (
            <tr key={s.id}>
              <th scope="row" className="px-4 py-3 font-medium">
                <Link href={`/registrar/students/${s.id}`} className="text-brand-700 underline-offset-2 hover:underline">
                  {s.name}
                </Link>
              </th>
              <td className="px-4 py-3">{s.email}</td>
            </tr>
          ))}
        </DataTable>
      ) : q ? (
        <EmptyState>No student matches “{q}”.</EmptyState>
      ) : null}
    </div>
  );
}
