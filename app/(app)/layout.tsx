import type { ReactNode } from 'react';
import { LatestAnswerScope } from '@/app/_components/form-message';
import { SiteHeader } from '@/app/_components/site-header';
import { requirePageRole } from '@/lib/web/authz';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requirePageRole();
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
