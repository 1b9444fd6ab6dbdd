import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-6 py-16">
      <h1 className="text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-3 text-slate-700">There is no such page, section or roster.</p>
      <Link href="/" className="mt-6 inline-block font-medium text-brand-700 underline">
        Go to your start page
      </Link>
    </main>
  );
}
