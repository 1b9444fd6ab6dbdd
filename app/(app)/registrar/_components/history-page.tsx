import Link from 'next/link';
import { notFound } from 'next/navigation';
import { HistoryTimeline } from '@/app/_components/history-timeline';
import { PageHeader } from '@/app/_components/page-header';
import { HISTORY_LIMIT, listHistory } from '@/db/queries/history';
import { getSectionDetail } from '@/db/queries/sections';
import { findStudent } from '@/db/queries/users';
import { sectionLabel } from '@/lib/format';
import { parseId } from '@/lib/ids';
import { requirePageRole } from '@/lib/web/authz';
import { historyFilterState } from '@/lib/web/history-filter';
import { firstParam, type SearchParams } from '@/lib/web/search-params';

/** What a registrar's history page is of: how it is found, named, linked back to, and filtered. */
interface Subject {
  name: string;
  subtitle: string;
  back: { href: string; label: string };
  filter: { studentId: number } | { sectionId: number };
  csvHref: string;
  showStudent: boolean;
}

const SUBJECTS = {
  async student(id: number): Promise<Subject | undefined> {
    const student = await findStudent(id);
    return (
      student && {
        name: student.name,
        subtitle: student.email,
        back: { href: `/registrar/students/${student.id}`, label: student.name },
        filter: { studentId: student.id },
        csvHref: `/api/students/${student.id}/history.csv`,
        showStudent: false,
      }
    );
  },
  async section(id: number): Promise<Subject | undefined> {
    const section = await getSectionDetail(id);
    if (!section) return undefined;
    const label = sectionLabel(section.course, section.code);
    return {
      name: label,
      subtitle: section.course.title,
      back: { href: `/sections/${section.id}/roster`, label: `Roster of ${label}` },
      filter: { sectionId: section.id },
      csvHref: `/api/sections/${section.id}/history.csv`,
      showStudent: true,
    };
  },
};

/**
 * The registrar's timeline of one student or one section (docs/decisions/0012), filterable, with its CSV: the one
 * page both routes render.
 */
export function registrarHistoryPage(of: keyof typeof SUBJECTS) {
  return async function RegistrarHistoryPage({
    params,
    searchParams,
  }: {
    params: Promise<{ id: string }>;
    searchParams: Promise<SearchParams>;
  }) {
    await requirePageRole('registrar');
    const id = parseId((await params).id);
    const subject = id ? await SUBJECTS[of](id) : undefined;
    if (!subject) notFound();
    const search = await searchParams;
    const { parsed, state, query } = historyFilterState(search);
    const before = Number(firstParam(search.before));
    const beforeId = Number.isSafeInteger(before) && before > 0 ? before : undefined;
    const rows = parsed.ok ? await listHistory({ ...parsed.value, ...subject.filter, ...(beforeId ? { beforeId } : {}) }) : [];
    // Older events a page at a time (an id cursor: ids only grow), instead of stopping at the newest 1,000.
    const older = rows.length === HISTORY_LIMIT ? `${query || '?'}${query ? '&' : ''}before=${rows.at(-1)!.id}` : null;
    return (
      <div className="space-y-6">
        <nav aria-label="Breadcrumb" className="text-sm">
          <Link href={subject.back.href} className="text-brand-700 underline">
            {subject.back.label}
          </Link>
        </nav>
        <PageHeader title={`History of ${subject.name}`} subtitle={subject.subtitle} />
        <HistoryTimeline
          rows={rows}
          reader="registrar"
          filter={state}
          caption={`Enrollment history of ${subject.name}`}
          csvHref={`${subject.csvHref}${query}`}
          showStudent={subject.showStudent}
        />
        {older ? (
          <Link href={older} className="text-brand-700 underline">
            Older events
          </Link>
        ) : null}
      </div>
    );
  };
}
