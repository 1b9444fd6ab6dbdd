import { redirect } from 'next/navigation';
import { HOME_BY_ROLE, getSessionUser } from '@/lib/web/authz';

export default async function Home() {
  const user = await getSessionUser();
  redirect(user ? HOME_BY_ROLE[user.role] : '/login');
}
