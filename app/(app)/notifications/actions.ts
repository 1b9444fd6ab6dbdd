'use server';

import { markNoticesRead, saveNoticePreferences } from '@/lib/domain/notifications';
import { action } from '@/lib/web/action';
import { markReadSchema, preferencesSchema } from '@/lib/web/notification-form';

export const markReadAction = action({
  roles: ['student'],
  input: markReadSchema,
  run: ({ noticeId }, user) => markNoticesRead(user.id, noticeId),
  changedNotices: true,
  done: () => ({ redirect: '/notifications' }),
});

export const savePreferencesAction = action({
  roles: ['student'],
  input: preferencesSchema,
  run: ({ mail }, user) => saveNoticePreferences(user.id, mail),
  // A fresh render shows what was saved (the form's boxes start from the database).
  done: () => ({ redirect: '/notifications/preferences?saved=1' }),
});
