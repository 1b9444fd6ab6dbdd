/** What refuses to run rather than run wrongly (issue 13, item 8). */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/tooling/local-database';
import { authSecretProblem } from '../lib/env';

const run = promisify(execFile);
const start = (env: Record<string, string | undefined>) =>
  run('npx', ['tsx', '--conditions=react-server', 'scripts/start.ts'], { env: { ...process.env, ...env } }).catch(
    (error: { code: number; stderr: string }) => error,
  );

describe('production refuses', () => {
  it('an AUTH_SECRET under 32 bytes, in any entry of a rotation list', () => {
    expect(authSecretProblem(undefined)).toMatch(/not set/);
    expect(authSecretProblem('short')).toMatch(/at least 32 bytes/);
    expect(authSecretProblem(`${'x'.repeat(44)},short`)).toMatch(/at least 32 bytes/);
    expect(authSecretProblem('x'.repeat(32))).toBeNull();
  });

  it('`npm start` with a short secret, or without DATABASE_URL (no embedded superuser cluster in production)', async () => {
    const short = await start({ AUTH_SECRET: 'short', DATABASE_URL: 'postgres://x@127.0.0.1:1/none' });
    expect(short).toMatchObject({ code: 1, stderr: expect.stringContaining('AUTH_SECRET must be at least 32 bytes') });
    const embedded = await start({ AUTH_SECRET: 'x'.repeat(44), DATABASE_URL: '' });
    expect(embedded).toMatchObject({ code: 1, stderr: expect.stringContaining('DATABASE_URL is not set') });
  });
});

describe('db:check without a database', () => {
  it('refuses, says where it looked, and creates no cluster', async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-none-')), 'postgres');
    try {
      await expect(openDatabase({ create: false, dataDir, log: () => {} })).rejects.toThrow(
        `no \`npm run dev\` is running (${path.join(path.dirname(dataDir), 'postgres.json')}), and there is no embedded cluster in ${dataDir}`,
      );
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      process.env.DATABASE_URL = saved;
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  });
});
