import Link from 'next/link';
import { getSessionUser } from '@/lib/web/authz';

/**
 * A roster refused (403): an instructor asking for a section someone else teaches is told just that, rather than
 * "this page is for another role" (they are an instructor); anyone else, that rosters are for instructors.
 */
export default async function RosterForbidden() {
  const user = await getSessionUser();
  const instructor = user?.role === 'instructor';
  return (
    <div className="mx-auto max-w-xl py-8">
      <h1 className="text-2xl font-semibold text-slate-900">
        {instructor ? 'This is another instructor’s section' : 'You don’t have access to this roster'}
      </h1>
      <p className="mt-3 text-slate-700">
        {instructor
          ? 'A roster is shown to the section’s own instructor and to the registrar’s office. Your sections are under My sections.'
          : 'Rosters are for the section’s instructor and the registrar’s office.'}
      </p>
      <Link href={instructor ? '/instructor' : '/'} className="mt-6 inline-block font-medium text-brand-700 underline">
        {instructor ? 'My sections' : 'Go to your start page'}
      </Link>
    </div>
  );
}
