import type { ReactNode } from 'react';
import { LatestAnswerScope } from '@/app/_components/form-message';
import { SiteHeader } from '@/app/_components/site-header';
import { BusyNotice } from '@/app/_components/busy-notice';
import { requirePageRoleOrBusy } from '@/lib/web/authz';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requirePageRoleOrBusy();
  // The session lookup itself timed out: this layout's own error cannot reach its error.tsx, so it answers here.
  if (user === 'busy') return <BusyPage />;
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <SiteHeader user={user} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        <LatestAnswerScope>{children}</LatestAnswerScope>
      </main>
    </>
  );
}

/** The header without the user's name and menu (the lookup that knows them is what failed), and the notice. */
function BusyPage() {
  return (
    <>
      <SiteHeader user={null} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        <BusyNotice />
      </main>
    </>
  );
}
