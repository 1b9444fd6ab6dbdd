/**
 * `npm run dev` and `npm start`: provide the database (embedded unless DATABASE_URL is set) and a
 * development session secret, then run Next.js with them. Ctrl-C stops Next.js and the embedded server.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createDatabase } from '../db/client';
import { DATA_DIR, PROJECT_ROOT, describeUrl, openDatabase } from '../db/local-database';
import { migrateDatabase } from '../db/migrate';
import { seedDemoData } from '../db/seed';

const SECRET_FILE = path.join(DATA_DIR, 'auth-secret');

/** Development only: a secret made on first run and kept in .data/ (git-ignored). */
export function developmentSecret(): string {
  if (!fs.existsSync(SECRET_FILE)) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    fs.writeFileSync(SECRET_FILE, crypto.randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(SECRET_FILE, 'utf8').trim();
}

export async function runNext(mode: 'dev' | 'start', nextArgs: string[]) {
  const production = mode === 'start';
  if (production && !process.env.AUTH_SECRET) {
    console.error('Refusing to start: AUTH_SECRET is not set (generate one with `openssl rand -base64 32`).');
    process.exit(1);
  }
  const usingEmbedded = !process.env.DATABASE_URL;
  const database = await openDatabase((line) => console.log(`[postgres] ${line}`));
  const target = describeUrl(database.url);
  try {
    const applied = await migrateDatabase(database.url);
    if (applied) console.log(`[postgres] applied ${applied} migration(s) to ${target}`);
    if (usingEmbedded && !production) {
      const { db, close } = createDatabase(database.url, { max: 4 });
      const summary = await seedDemoData(db).finally(close);
      console.log(`[postgres] demo data ready on ${target}: ${summary.users} accounts, ${summary.sections} sections`);
    }
  } catch (error) {
    console.error(`Could not prepare PostgreSQL at ${target}: ${error instanceof Error ? error.message : String(error)}`);
    await database.close();
    process.exit(1);
  }

  const next = spawn(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'next'), [mode, ...nextArgs], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      AUTH_SECRET: process.env.AUTH_SECRET ?? developmentSecret(),
      AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? 'true',
    },
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    next.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  next.on('exit', async (code) => {
    await database.close();
    process.exit(code ?? 0);
  });
}
