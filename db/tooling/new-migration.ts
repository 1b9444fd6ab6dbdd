/**
 * `npm run db:migration -- NAME`: writes the next migration from db/sql (docs/decisions/0017). It migrates a
 * throwaway database with every migration so far, compares it with the files, and writes what differs as
 * `drizzle/NNNN_NAME.sql` with its journal entry and snapshot (the schema's snapshot is unchanged: table changes
 * are db/schema.ts's, written by `npm run db:generate`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { runCli } from './cli';
import { MIGRATIONS_FOLDER, migrateDatabase } from './migrate';
import { createThrowawayDatabase } from './throwaway-database';
import { compareSqlSource, migrationFromDifferences } from './sql-source';

const USAGE = 'usage: npm run db:migration -- NAME   (NAME: lower-case words joined by _, e.g. waitlist_reasons)';

interface Journal {
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

export async function writeMigration(name: string): Promise<string | null> {
  const database = await createThrowawayDatabase();
  try {
    await migrateDatabase(database.url);
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const differences = await compareSqlSource(sql);
      const body = migrationFromDifferences(differences);
      if (!body) return null;
      for (const d of differences) console.log(`${d.kind} ${d.name}: ${d.problem.replaceAll('_', ' ')}`);
      return appendMigration(name, body);
    } finally {
      await sql.end();
    }
  } finally {
    await database.drop();
  }
}

function appendMigration(name: string, body: string): string {
  const journalFile = path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as Journal;
  const last = journal.entries.at(-1)!;
  const idx = last.idx + 1;
  const tag = `${String(idx).padStart(4, '0')}_${name}`;
  const header = `-- Written by npm run db:migration from db/sql (docs/decisions/0017): read the files there, not this.\n`;
  fs.writeFileSync(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), `${header}${body}\n`);

  const snapshotOf = (i: number) => path.join(MIGRATIONS_FOLDER, 'meta', `${String(i).padStart(4, '0')}_snapshot.json`);
  const snapshot = JSON.parse(fs.readFileSync(snapshotOf(last.idx), 'utf8')) as { id: string; prevId: string };
  fs.writeFileSync(
    snapshotOf(idx),
    `${JSON.stringify({ ...snapshot, id: crypto.randomUUID(), prevId: snapshot.id }, null, 2)}\n`,
  );
  journal.entries.push({ idx, version: last.version, when: Date.now(), tag, breakpoints: true });
  fs.writeFileSync(journalFile, `${JSON.stringify(journal, null, 2)}\n`);
  return tag;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  let name: string | undefined;
  try {
    const { positionals } = parseArgs({ allowPositionals: true, options: {} });
    name = positionals.length === 1 ? positionals[0] : undefined;
  } catch {
    name = undefined;
  }
  if (!name || !/^[a-z][a-z0-9_]*$/.test(name)) {
    console.error(USAGE);
    process.exit(2);
  }
  runCli('db:migration', async () => {
    const tag = await writeMigration(name);
    console.log(tag ? `Wrote drizzle/${tag}.sql` : 'db/sql agrees with the migrations: nothing to write');
  });
}
