import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SunkMail } from '@/testing/mail-sink';

/**
 * The dev mail sink's messages (testing/mail-sink.ts), newest first, or null when this server has none: only
 * `npm run dev` and the browser tests set DEV_MAIL_DIR, so /dev/mail is a 404 in production.
 */
export async function readDevMailbox(dir = process.env.DEV_MAIL_DIR): Promise<SunkMail[] | null> {
  if (!dir) return null;
  const files = await fs.readdir(dir).catch(() => [] as string[]);
  const mails = await Promise.all(
    files
      .filter((f) => f.endsWith('.json'))
      .sort()
      .reverse()
      .slice(0, 200)
      .map(async (f) => JSON.parse(await fs.readFile(path.join(dir, f), 'utf8')) as SunkMail),
  );
  return mails;
}
