import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { readDevMailbox } from '@/lib/notifications/mailbox';

export const metadata: Metadata = { title: 'Dev mail' };
export const dynamic = 'force-dynamic';

/**
 * Development only (docs/decisions/0026): the e-mails the app sent to `npm run dev`'s own SMTP server. Without
 * DEV_MAIL_DIR (production) the page does not exist.
 */
export default async function DevMailPage() {
  const mails = await readDevMailbox();
  if (mails === null) notFound();
  return (
    <main id="main" className="mx-auto max-w-4xl space-y-6 px-4 py-8">
      <h1 className="text-2xl font-semibold text-brand-900">Dev mail</h1>
      <p className="text-slate-600">
        What the app mailed to the local SMTP sink, newest first, one per Message-ID (a resend is not a second mail).
      </p>
      {mails.length ? (
        <ul aria-label="Sent e-mails" className="space-y-4">
          {mails.map((m) => (
            <li key={m.messageId} className="rounded-lg border border-slate-200 bg-white p-4">
              <h2 className="font-semibold text-slate-900">{m.subject}</h2>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm text-slate-700">
                <dt>To</dt>
                <dd>{m.to.join(', ')}</dd>
                <dt>From</dt>
                <dd>{m.from}</dd>
                <dt>Received</dt>
                <dd>
                  <time dateTime={m.receivedAt}>{m.receivedAt}</time>
                </dd>
                <dt>Message-ID</dt>
                <dd className="break-all">{m.messageId}</dd>
              </dl>
              <pre className="mt-3 text-sm whitespace-pre-wrap text-slate-900">{m.text}</pre>
              <details className="mt-2 text-sm">
                <summary>HTML part</summary>
                <pre className="whitespace-pre-wrap">{m.html}</pre>
              </details>
            </li>
          ))}
        </ul>
      ) : (
        <p>No e-mail yet.</p>
      )}
    </main>
  );
}
