'use server';

import { retryNotice } from '@/lib/domain/notifications';
import { action } from '@/lib/web/action';
import { retryNoticeSchema } from '@/lib/web/notification-form';

export const retryNoticeAction = action({
  roles: ['registrar'],
  input: retryNoticeSchema,
  run: ({ noticeId }) => retryNotice(noticeId),
  done: () => ({ redirect: '/registrar/notifications' }),
});
