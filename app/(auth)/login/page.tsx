import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getSessionUser, HOME_BY_ROLE } from '@/lib/web/authz';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const user = await getSessionUser();
  if (user) redirect(HOME_BY_ROLE[user.role]);
  const { callbackUrl } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold text-brand-900">Sign in to Curriculab</h1>
        <p className="mt-1 mb-6 text-sm text-slate-600">Use your university email and password.</p>
        <LoginForm callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined} />
      </div>
    </main>
  );
}
