import { NextResponse } from 'next/server';
import { countUnread, listNotices } from '@/db/queries/notifications';
import { describeNotice, noticeHref } from '@/lib/notifications/compose';
import { route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** The caller's notices, newest first, with the unread count the bell shows (docs/decisions/0026). */
export const GET = route({ roles: ['student'] }, async ({ user }) => {
  const [unread, notices] = await Promise.all([countUnread(user.id), listNotices(user.id)]);
  return NextResponse.json(
    {
      unread,
      notices: notices.map((n) => ({
        id: n.id,
        kind: n.kind,
        sectionId: n.sectionId,
        eventId: n.eventId,
        ...describeNotice(n),
        href: noticeHref(n),
        createdAt: n.createdAt,
        readAt: n.readAt,
        sentAt: n.sentAt,
      })),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
