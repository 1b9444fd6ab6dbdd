import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

// The last snapshot in drizzle/meta is what drizzle-kit compares db/schema.ts with: out of step, `npm run db:generate`
// stops on a rename prompt (issue 28.18). Run on a copy, so a difference can never write a migration here.
it('npm run db:generate finds no change between db/schema.ts and the last migration snapshot', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'curriculab-drizzle-'));
  try {
    fs.cpSync(path.join(ROOT, 'drizzle'), out, { recursive: true });
    const { stdout } = await promisify(execFile)(path.join(ROOT, 'node_modules', '.bin', 'drizzle-kit'), ['generate'], {
      cwd: ROOT,
      env: { ...process.env, DRIZZLE_OUT: path.relative(ROOT, out) }, // drizzle-kit reads it relative to the project
      timeout: 60_000,
    });
    expect(stdout).toContain('No schema changes');
    expect(fs.readdirSync(out).sort()).toEqual(fs.readdirSync(path.join(ROOT, 'drizzle')).sort());
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
