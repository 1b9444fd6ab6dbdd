import { NextResponse } from 'next/server';
import { z } from 'zod';
import { markNoticesRead } from '@/lib/domain/notifications';
import { idSchema } from '@/lib/ids';
import { route } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

const readBody = z.object({
  notice: z.union([
    z.literal('all'),
    z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
    idSchema,
  ]),
});

/** Marks one of the caller's notices read, or all: 200 {marked} (another student's id marks nothing). */
export const POST = route({ roles: ['student'], body: readBody }, async ({ user, body }) => {
  const result = await markNoticesRead(user.id, body.notice);
  return NextResponse.json({ marked: result.ok ? result.value : 0 }, { headers: { 'Cache-Control': 'no-store' } });
});
