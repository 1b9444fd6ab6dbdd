import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/page-header';
import { mailedNoticeKinds } from '@/lib/domain/notifications';
import { NOTICE_KIND_LABELS, OPTIONAL_NOTICE_KINDS } from '@/lib/notifications/compose';
import { requirePageRole } from '@/lib/web/authz';
import type { SearchParams } from '@/lib/web/search-params';
import { PreferencesForm } from '../notice-forms';

export const metadata: Metadata = { title: 'Notice e-mails' };

/** Which non-essential notices a student gets by e-mail; every notice still shows under Notices. */
export default async function NoticePreferencesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageRole('student');
  const saved = (await searchParams).saved === '1';
  const mailed = await mailedNoticeKinds(user.id);
  return (
    <div className="max-w-xl space-y-6">
      <PageHeader title="Notice e-mails" subtitle="Every notice is shown under Notices; these choose what is also e-mailed." />
      <p role="status" className="text-emerald-800">
        {saved ? 'Your choices are saved.' : ''}
      </p>
      <PreferencesForm kinds={OPTIONAL_NOTICE_KINDS.map((kind) => ({ kind, label: NOTICE_KIND_LABELS[kind] }))} mailed={mailed} />
    </div>
  );
}
