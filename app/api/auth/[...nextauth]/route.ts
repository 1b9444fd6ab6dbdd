import { handlers } from '@/auth';
import { authJsRoute } from '@/lib/web/auth-route';

export const GET = authJsRoute(handlers.GET);
export const POST = authJsRoute(handlers.POST);
