import os from 'node:os';
import path from 'node:path';

/** The e2e run's SMTP sink (started by e2e/database.ts) and where it keeps mail for /dev/mail. */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 3125);
export const E2E_MAIL_DIR = path.join(os.tmpdir(), `curriculab-e2e-mail-${E2E_SMTP_PORT}`);
