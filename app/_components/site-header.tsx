import Link from 'next/link';
import type { SessionUser } from '@/lib/web/authz';
import { signOutAction } from '@/lib/web/sign-out-action';
import { NoticeBell } from './notice-bell';

const NAV: Record<SessionUser['role'], { href: string; label: string }[]> = {
  student: [
    { href: '/sections', label: 'Catalog' },
    { href: '/schedule', label: 'My schedule' },
    { href: '/history', label: 'My history' },
  ],
  instructor: [
    { href: '/instructor', label: 'My sections' },
    { href: '/sections', label: 'Catalog' },
  ],
  registrar: [
    { href: '/registrar', label: 'Sections' },
    { href: '/registrar/students', label: 'Students' },
    { href: '/registrar/notifications', label: 'Notice delivery' },
    { href: '/registrar/appointments', label: 'Appointments' },
    { href: '/registrar/terms', label: 'Terms' },
    { href: '/registrar/import', label: 'Import' },
    { href: '/sections', label: 'Catalog' },
  ],
};

const ROLE_LABEL: Record<SessionUser['role'], string> = {
  student: 'Student',
  instructor: 'Instructor',
  registrar: 'Registrar',
};

/** `user` null: the busy page, where who is signed in could not be looked up (app/(app)/layout.tsx). */
export function SiteHeader({ user }: { user: SessionUser | null }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 text-lg font-semibold text-brand-900">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/favicon.svg" alt="" width={24} height={24} />
          Curriculab
        </Link>
        <nav aria-label="Main" className="flex flex-1 gap-4 text-sm font-medium">
          {(user ? NAV[user.role] : []).map((item) => (
            <Link key={item.href} href={item.href} className="rounded px-1 text-slate-700 hover:text-brand-700">
              {item.label}
            </Link>
          ))}
        </nav>
        {user && (
          <div className="flex items-center gap-3 text-sm">
            {user.role === 'student' ? <NoticeBell studentId={user.id} /> : null}
            <span className="text-slate-700">
              <span className="font-medium text-slate-900">{user.name}</span>
              <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-700">
                {ROLE_LABEL[user.role]}
              </span>
            </span>
            <form action={signOutAction}>
              <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 text-slate-700 hover:bg-slate-100">
                Sign out
              </button>
            </form>
          </div>
        )}
      </div>
    </header>
  );
}
