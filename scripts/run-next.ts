/**
 * `npm run dev` and `npm start`: provide the database (embedded unless DATABASE_URL is set) and a
 * development session secret, then run Next.js with them. Ctrl-C stops Next.js and the embedded server.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createDatabase } from '../db/client';
import { DATA_DIR, PROJECT_ROOT, describeUrl, openDatabase, type DatabaseHandle } from '../db/tooling/local-database';
import { migrateDatabase } from '../db/tooling/migrate';
import { seedDemoData } from '../db/tooling/seed';
import { productionServer } from '../server/command';
import { authSecretProblem } from '../lib/env';

/** Where `npm run dev`'s mail sink keeps what the app sent, for /dev/mail (docs/decisions/0026). */
const DEV_MAIL_DIR = path.join(DATA_DIR, 'mail');

const SECRET_FILE = path.join(DATA_DIR, 'auth-secret');

/** Development only: a secret made on first run and kept in .data/ (git-ignored). */
export function developmentSecret(): string {
  if (!fs.existsSync(SECRET_FILE)) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    fs.writeFileSync(SECRET_FILE, crypto.randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(SECRET_FILE, 'utf8').trim();
}

/** Migrations, then the demo data on a local database; a database that cannot be prepared stops the script. */
export async function prepareDatabase(database: DatabaseHandle, { migrationUrl, seed }: { migrationUrl: string; seed: boolean }) {
  const target = describeUrl(database.url);
  try {
    const applied = await migrateDatabase(migrationUrl);
    if (applied) console.log(`[postgres] applied ${applied} migration(s) to ${target}`);
    if (seed) {
      const { db, close } = createDatabase(database.url, { max: 4 });
      const summary = await seedDemoData(db).finally(close);
      console.log(`[postgres] demo data ready on ${target}: ${summary.users} accounts, ${summary.sections} sections`);
    }
  } catch (error) {
    console.error(`Could not prepare PostgreSQL at ${target}: ${error instanceof Error ? error.message : String(error)}`);
    await database.close();
    process.exit(1);
  }
}

function refuse(reason: string): never {
  console.error(`Refusing to start: ${reason}.`);
  process.exit(1);
}

export async function runNext(mode: 'dev' | 'start', nextArgs: string[]) {
  const production = mode === 'start';
  const secretProblem = production ? authSecretProblem(process.env.AUTH_SECRET) : null;
  if (secretProblem) refuse(secretProblem);
  const usingEmbedded = !process.env.DATABASE_URL;
  // The embedded cluster runs as its superuser, on this machine's disk: a place to try things, not production.
  if (production && usingEmbedded) {
    refuse(
      'DATABASE_URL is not set. `npm start` serves production and will not run it on an embedded PostgreSQL as its ' +
        'superuser: set DATABASE_URL to the restricted app role and MIGRATION_DATABASE_URL to the owner (README "Security")',
    );
  }
  const database = await openDatabase({ log: (line) => console.log(`[postgres] ${line}`) });
  // Migrations run as the tables' owner; the app itself connects as DATABASE_URL's (restricted) role.
  await prepareDatabase(database, {
    migrationUrl: process.env.MIGRATION_DATABASE_URL ?? database.url,
    seed: usingEmbedded && !production,
  });

  // Development mails a real SMTP server of its own unless SMTP_URL names one; /dev/mail shows what it received.
  // (Imported here: smtp-server is a development dependency, absent where `npm start` runs.)
  const sink =
    !production && !process.env.SMTP_URL
      ? await (await import('../testing/mail-sink')).startMailSink({ dir: DEV_MAIL_DIR })
      : null;
  if (sink) console.log(`[mail] the app's e-mail goes to ${sink.url}: see /dev/mail`);
  const mailEnv = sink ? { SMTP_URL: sink.url, DEV_MAIL_DIR } : {};

  // Production is server/main.ts (Next.js plus the direct enroll route, docs/decisions/0016); development is next dev.
  const server = production
    ? productionServer(nextArgs)
    : { command: path.join(PROJECT_ROOT, 'node_modules', '.bin', 'next'), args: ['dev', ...nextArgs], cwd: PROJECT_ROOT };
  const next = spawn(server.command, server.args, {
    cwd: server.cwd,
    stdio: 'inherit',
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      AUTH_SECRET: process.env.AUTH_SECRET ?? developmentSecret(),
      AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? 'true',
      ...mailEnv,
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
    await sink?.close();
    await database.close();
    process.exit(code ?? 0);
  });
}
