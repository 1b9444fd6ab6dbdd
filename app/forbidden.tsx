import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-6 py-16">
      <h1 className="text-2xl font-semibold text-slate-900">You don&apos;t have access to this page</h1>
      <p className="mt-3 text-slate-700">
        This page is for another role. If you think this is a mistake, contact the registrar&apos;s office.
      </p>
      <Link href="/" className="mt-6 inline-block font-medium text-brand-700 underline">
        Go to your start page
      </Link>
    </main>
  );
}
