import { handlers } from '@/auth';
import { authRoute } from '@/lib/web/route';

export const GET = authRoute(handlers.GET);
export const POST = authRoute(handlers.POST);
