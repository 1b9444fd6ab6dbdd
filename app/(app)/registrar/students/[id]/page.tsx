import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { PageHeader, Summary } from '@/app/_components/page-header';
import { getCreditLoad } from '@/db/queries/credits';
import { listStudentSchedule } from '@/db/queries/enrollments';
import { listActiveHolds } from '@/db/queries/holds';
import { listOverrides } from '@/db/queries/overrides';
import { listCatalog } from '@/db/queries/sections';
import { SectionSearch } from '@/app/_components/search-form';
import { catalogQuerySchema } from '@/lib/web/catalog-query';
import { termFromSearchParams, type SearchParams } from '@/lib/web/search-params';
import { listTerms } from '@/db/queries/terms';
import { findStudent } from '@/db/queries/users';
import { formatInstant, sectionLabel, statusLabel } from '@/lib/format';
import { formatMeetings } from '@/core/meetings';
import { parseId } from '@/lib/ids';
import { requirePageRole } from '@/lib/web/authz';
import { OVERRIDABLE_RULES } from '@/core/rules';
import {
  CreditMaximumForm,
  GrantOverrideForm,
  HoldsProvider,
  LiftHoldForm,
  OverridesProvider,
  PlaceHoldForm,
  RevokeOverrideForm,
} from './student-forms';
import { AddTranscriptLineForm, RemoveTranscriptLineForm, StudentProfileForm, TranscriptProvider } from './transcript-forms';
import { getStudentProfile, listTranscript } from '@/db/queries/transcripts';
import { classStanding, transcriptSource } from '@/db/schema';
import { GRADES } from '@/lib/web/grades-form';

export const metadata: Metadata = { title: 'Student' };

const RULE_LABEL = Object.fromEntries(OVERRIDABLE_RULES) as Record<string, string>;

/** A registrar's view of one student: this term's sections, holds, credit maximum and rule overrides. */
export default async function StudentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  await requirePageRole('registrar');
  const id = parseId((await params).id);
  const query = await searchParams;
  const [student, term, terms] = await Promise.all([id ? findStudent(id) : undefined, termFromSearchParams(query), listTerms()]);
  if (!student) notFound();
  // The override picker offers the sections a search finds (one catalog page), not the term's 13,000.
  const { q } = catalogQuerySchema.parse(query);
  const [holds, overrides, schedule, load, found, transcript, profile] = await Promise.all([
    listActiveHolds(student.id),
    listOverrides(student.id),
    term ? listStudentSchedule(student.id, term.id) : [],
    term ? getCreditLoad(student.id, term.id) : undefined,
    term && q ? listCatalog({ termId: term.id, search: q }) : undefined,
    listTranscript(student.id),
    getStudentProfile(student.id),
  ]);
  const sections = found?.rows ?? [];

  return (
    <div className="space-y-8">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/registrar/students" className="text-brand-700 underline">
          Students
        </Link>
      </nav>
      <PageHeader
        title={student.name}
        subtitle={`${student.email}${term ? ` · ${term.name}` : ''}`}
        aside={
          load ? (
            <Summary>
              <span className="text-2xl font-semibold tabular-nums">{load.credits}</span> of {load.maxCredits} credits
            </Summary>
          ) : null
        }
      />

      <section aria-labelledby="sections-heading" className="space-y-3">
        <h2 id="sections-heading" className="text-lg font-semibold text-slate-900">
          Sections this term
        </h2>
        {schedule.length ? (
          <DataTable caption={`${student.name}'s sections`} columns={['Section', 'Title', 'Meets', 'Credits', 'Status']}>
            {schedule.map((e) => (
              <tr key={e.enrollmentId}>
                <th scope="row" className="px-4 py-3 font-medium whitespace-nowrap">
                  <Link href={`/sections/${e.section.id}/roster`} className="text-brand-700 underline-offset-2 hover:underline">
                    {sectionLabel(e.course, e.section.code)}
                  </Link>
                </th>
                <td className="px-4 py-3">{e.course.title}</td>
                <td className="px-4 py-3 whitespace-nowrap">{formatMeetings(e.section.meetings)}</td>
                <td className="px-4 py-3 tabular-nums">{e.course.credits}</td>
                <td className="px-4 py-3">{statusLabel(e.status)}</td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <EmptyState>No sections this term.</EmptyState>
        )}
      </section>

      <section aria-labelledby="profile-heading" className="space-y-3">
        <h2 id="profile-heading" className="text-lg font-semibold text-slate-900">
          Standing and major
        </h2>
        <p className="text-sm text-slate-600">
          {profile
            ? `${profile.earnedCredits} earned credits · ${profile.classStanding}${profile.major ? ` · ${profile.major}` : ' · no major'}`
            : 'No profile recorded.'}
        </p>
        <StudentProfileForm studentId={student.id} standings={classStanding.enumValues} profile={profile ?? null} />
      </section>

      <section aria-labelledby="transcript-heading" className="space-y-3">
        <h2 id="transcript-heading" className="text-lg font-semibold text-slate-900">
          Transcript ({transcript.length})
        </h2>
        <p className="text-sm text-slate-600">
          Work done before or outside this system (transfer, exam, earlier): it meets prerequisites like a completed course.
        </p>
        <TranscriptProvider>
          {transcript.length ? (
            <DataTable
              caption="Transcript lines"
              columns={['Course', 'Title', 'Grade', 'Term', 'Source', { label: 'Actions', hidden: true }]}
            >
              {transcript.map((line) => (
                <tr key={line.id}>
                  <th scope="row" className="px-4 py-3 font-medium whitespace-nowrap">{`${line.subject} ${line.number}`}</th>
                  <td className="px-4 py-3">{line.title}</td>
                  <td className="px-4 py-3">{line.grade}</td>
                  <td className="px-4 py-3">{line.termCode ?? '—'}</td>
                  <td className="px-4 py-3">{line.source}</td>
                  <td className="px-4 py-3">
                    <RemoveTranscriptLineForm studentId={student.id} lineId={line.id} course={`${line.subject} ${line.number}`} />
                  </td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <EmptyState>No transcript lines.</EmptyState>
          )}
        </TranscriptProvider>
        <AddTranscriptLineForm studentId={student.id} grades={GRADES} sources={transcriptSource.enumValues} />
      </section>

      <section aria-labelledby="holds-heading" className="space-y-3">
        <h2 id="holds-heading" className="text-lg font-semibold text-slate-900">
          Registration holds ({holds.length})
        </h2>
        <p className="text-sm text-slate-600">A hold stops the student from adding sections; dropping stays allowed.</p>
        <HoldsProvider>
          {holds.length ? (
            <DataTable caption="Active holds" columns={['Reason', 'Placed', { label: 'Actions', hidden: true }]}>
              {holds.map((h) => (
                <tr key={h.id}>
                  <td className="px-4 py-3">{h.reason}</td>
                  <td className="px-4 py-3 whitespace-nowrap">{formatInstant(h.placedAt)}</td>
                  <td className="px-4 py-3">
                    <LiftHoldForm studentId={student.id} holdId={h.id} reason={h.reason} />
                  </td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <EmptyState>No active holds.</EmptyState>
          )}
        </HoldsProvider>
      </section>

      <section aria-labelledby="overrides-heading" className="space-y-3">
        <h2 id="overrides-heading" className="text-lg font-semibold text-slate-900">
          Rule overrides ({overrides.length})
        </h2>
        <OverridesProvider>
          {overrides.length ? (
            <DataTable
              caption="Rule overrides"
              columns={['Section', 'Rule', 'Granted', 'By', 'Note', { label: 'Actions', hidden: true }]}
            >
              {overrides.map((o) => (
                <tr key={o.id}>
                  <td className="px-4 py-3 whitespace-nowrap">{o.section}</td>
                  <td className="px-4 py-3">{RULE_LABEL[o.rule] ?? o.rule}</td>
                  <td className="px-4 py-3 whitespace-nowrap">{formatInstant(o.grantedAt)}</td>
                  <td className="px-4 py-3">{o.grantedBy ?? '—'}</td>
                  <td className="px-4 py-3">{o.note}</td>
                  <td className="px-4 py-3">
                    <RevokeOverrideForm studentId={student.id} sectionId={o.sectionId} rule={o.rule} />
                  </td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <EmptyState>No overrides.</EmptyState>
          )}
        </OverridesProvider>
      </section>

      <div className="grid gap-6 md:grid-cols-3">
        <PlaceHoldForm studentId={student.id} />
        {term && load ? <CreditMaximumForm studentId={student.id} termId={term.id} maxCredits={load.maxCredits} /> : null}
        <div className="space-y-3">
          {term ? (
            <SectionSearch
              action={`/registrar/students/${student.id}`}
              label="Find the section to override"
              q={q}
              terms={terms}
              term={term.code}
            />
          ) : null}
          <GrantOverrideForm
            studentId={student.id}
            sections={sections.map((s) => ({ id: s.id, label: `${sectionLabel(s.course, s.code)}: ${s.course.title}` }))}
            hint={
              !q
                ? 'Search for the section first.'
                : found && found.total > sections.length
                  ? `The first ${sections.length} of ${found.total} matches: search more precisely to see others.`
                  : undefined
            }
          />
        </div>
      </div>
    </div>
  );
}
