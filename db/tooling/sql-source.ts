/**
 * The database's behaviour as source (docs/decisions/0017): `db/sql/` holds the current definition of every
 * hand-written function, trigger and type, one file each. Migrations are history; these files are what a reviewer
 * reads. This module compares them with a migrated database (the test) and writes the migration that makes a
 * database match them (`npm run db:migration`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type postgres from 'postgres';

export const SQL_SOURCE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'sql');

export type SourceKind = 'type' | 'function' | 'trigger';

export interface SourceFile {
  kind: SourceKind;
  name: string;
  /** Triggers only: the table they are on. */
  table?: string;
  file: string;
  sql: string;
}

export interface Difference {
  kind: SourceKind;
  name: string;
  problem: 'no_file' | 'not_in_database' | 'differs';
  /** For `differs`: the database's definition and the file's, as PostgreSQL prints them. */
  database?: string;
  source?: string;
}

const PATTERNS: Record<SourceKind, RegExp> = {
  type: /^\s*CREATE TYPE\s+"?(\w+)"?\s+AS\s+RANGE\b/im,
  function: /^\s*CREATE OR REPLACE FUNCTION\s+"?(\w+)"?\s*\(/im,
  trigger: /^\s*CREATE (?:CONSTRAINT )?TRIGGER\s+"?(\w+)"?\s[\s\S]*?\bON\s+"?(\w+)"?\s/im,
};
const FOLDERS: Record<SourceKind, string> = { type: 'types', function: 'functions', trigger: 'triggers' };

/** Every file under db/sql, checked to hold exactly one object named as the file. */
export function readSqlSource(dir = SQL_SOURCE_DIR): SourceFile[] {
  const files: SourceFile[] = [];
  for (const kind of ['type', 'function', 'trigger'] as const) {
    const folder = path.join(dir, FOLDERS[kind]);
    if (!fs.existsSync(folder)) continue;
    for (const entry of fs.readdirSync(folder).sort()) {
      if (!entry.endsWith('.sql')) continue;
      const file = path.join(folder, entry);
      const sql = fs.readFileSync(file, 'utf8');
      const match = PATTERNS[kind].exec(sql);
      const name = entry.slice(0, -'.sql'.length);
      if (!match || match[1] !== name) {
        throw new Error(`${path.relative(dir, file)}: expected one ${kind} named ${name}`);
      }
      const count = sql.match(new RegExp(PATTERNS[kind].source, 'gim'))?.length ?? 0;
      if (count !== 1) throw new Error(`${path.relative(dir, file)}: holds ${count} ${kind} definitions, expected 1`);
      files.push({ kind, name, table: kind === 'trigger' ? match[2] : undefined, file, sql });
    }
  }
  return files;
}

type Sql = postgres.Sql | postgres.TransactionSql;

/** Hand-written functions: not an extension's, not a type's own constructors. Keyed by name(arguments). */
async function functionDefinitions(sql: Sql): Promise<Map<string, { name: string; def: string }>> {
  const rows = await sql<{ name: string; args: string; def: string }[]>`
    SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args, pg_get_functiondef(p.oid) AS def
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.prokind = 'f'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('e', 'i'))`;
  return new Map(rows.map((r) => [`${r.name}(${r.args})`, { name: r.name, def: r.def }]));
}

async function triggerDefinitions(sql: Sql): Promise<Map<string, string>> {
  const rows = await sql<{ name: string; def: string }[]>`
    SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS def
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND NOT t.tgisinternal`;
  return new Map(rows.map((r) => [r.name, r.def]));
}

/** Range types (enums are db/schema.ts's, written by drizzle-kit). */
async function typeDefinitions(sql: Sql): Promise<Map<string, string>> {
  const rows = await sql<{ name: string; def: string }[]>`
    SELECT t.typname AS name,
           format('RANGE (subtype = %s, subtype_diff = %s)', format_type(r.rngsubtype, NULL), r.rngsubdiff::regproc) AS def
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_range r ON r.rngtypid = t.oid
     WHERE n.nspname = 'public'`;
  return new Map(rows.map((r) => [r.name, r.def]));
}

const ROLLBACK = Symbol('rollback');

/**
 * Compares db/sql with the database at `sql`: inside a transaction that is always rolled back, reads every
 * definition, applies every file, and reads them again. PostgreSQL prints both sides, so formatting never counts.
 */
export async function compareSqlSource(sql: postgres.Sql, files = readSqlSource()): Promise<Difference[]> {
  const differences: Difference[] = [];
  try {
    await sql.begin(async (tx) => {
      const beforeTypes = await typeDefinitions(tx);
      const beforeFunctions = await functionDefinitions(tx);
      const beforeTriggers = await triggerDefinitions(tx);
      const apply = async (statement: string) => {
        await tx.unsafe('SAVEPOINT source_file');
        try {
          await tx.unsafe(statement);
          await tx.unsafe('RELEASE SAVEPOINT source_file');
          return null;
        } catch (error) {
          await tx.unsafe('ROLLBACK TO SAVEPOINT source_file');
          return error instanceof Error ? error.message : String(error);
        }
      };

      for (const file of files.filter((f) => f.kind === 'type')) {
        const database = beforeTypes.get(file.name);
        if (!database) {
          differences.push({ kind: 'type', name: file.name, problem: 'not_in_database' });
          continue;
        }
        const [, subtype = '', diff = ''] = /subtype\s*=\s*([\w ]+?)\s*,\s*subtype_diff\s*=\s*(\w+)/i.exec(file.sql) ?? [];
        const [printed] = await tx<{ def: string }[]>`
          SELECT format('RANGE (subtype = %s, subtype_diff = %s)', format_type(${subtype}::text::regtype, NULL), ${diff}::text) AS def`;
        if (printed!.def !== database) {
          differences.push({ kind: 'type', name: file.name, problem: 'differs', database, source: printed!.def });
        }
      }
      for (const name of beforeTypes.keys()) {
        if (!files.some((f) => f.kind === 'type' && f.name === name)) {
          differences.push({ kind: 'type', name, problem: 'no_file' });
        }
      }

      const fromFiles = new Set<string>();
      for (const file of files.filter((f) => f.kind === 'function')) {
        const before = new Map(await functionDefinitions(tx));
        const error = await apply(file.sql);
        const after = await functionDefinitions(tx);
        const key =
          [...after.keys()].find((k) => after.get(k)!.name === file.name && after.get(k)!.def !== before.get(k)?.def) ??
          [...after.keys()].find((k) => after.get(k)!.name === file.name);
        if (error || !key) {
          differences.push({ kind: 'function', name: file.name, problem: 'differs', source: error ?? file.sql });
          continue;
        }
        fromFiles.add(key);
        const database = beforeFunctions.get(key)?.def;
        if (database === undefined) {
          differences.push({ kind: 'function', name: file.name, problem: 'not_in_database', source: after.get(key)!.def });
        } else if (database !== after.get(key)!.def) {
          differences.push({ kind: 'function', name: file.name, problem: 'differs', database, source: after.get(key)!.def });
        }
      }
      for (const [key, { name }] of beforeFunctions) {
        if (!fromFiles.has(key)) differences.push({ kind: 'function', name: key, problem: 'no_file', database: name });
      }

      for (const file of files.filter((f) => f.kind === 'trigger')) {
        await tx.unsafe(`DROP TRIGGER IF EXISTS "${file.name}" ON "${file.table}"`);
        const error = await apply(file.sql);
        const after = (await triggerDefinitions(tx)).get(file.name);
        const database = beforeTriggers.get(file.name);
        if (error || !after) {
          differences.push({ kind: 'trigger', name: file.name, problem: 'differs', database, source: error ?? file.sql });
        } else if (database === undefined) {
          differences.push({ kind: 'trigger', name: file.name, problem: 'not_in_database', source: after });
        } else if (database !== after) {
          differences.push({ kind: 'trigger', name: file.name, problem: 'differs', database, source: after });
        }
      }
      for (const name of beforeTriggers.keys()) {
        if (!files.some((f) => f.kind === 'trigger' && f.name === name)) {
          differences.push({ kind: 'trigger', name, problem: 'no_file', database: beforeTriggers.get(name) });
        }
      }
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return differences;
}

/** One line per difference, for a failing test or the migration script. */
export function describeDifferences(differences: Difference[]): string {
  return differences
    .map((d) => {
      const what = `${d.kind} ${d.name}`;
      if (d.problem === 'no_file') return `${what}: in the database, but no file under db/sql/${FOLDERS[d.kind]}/`;
      if (d.problem === 'not_in_database') return `${what}: a file under db/sql, but not in the migrated database`;
      return `${what}: the file differs from the migrated database\n--- database\n${d.database ?? '(none)'}\n+++ file\n${d.source ?? ''}`;
    })
    .join('\n');
}

/**
 * The SQL of a migration that brings a database migrated up to now to db/sql: new and changed types, functions
 * and triggers from their files, and drops for what has no file any more. Empty when they already agree.
 */
export function migrationFromDifferences(differences: Difference[], files = readSqlSource()): string {
  const fileOf = (kind: SourceKind, name: string) => files.find((f) => f.kind === kind && f.name === name)!;
  const statements: string[] = [];
  const changed = (kind: SourceKind) => differences.filter((d) => d.kind === kind && d.problem !== 'no_file');
  const dropped = (kind: SourceKind) => differences.filter((d) => d.kind === kind && d.problem === 'no_file');

  for (const d of changed('type')) {
    if (d.problem === 'differs') statements.push(`DROP TYPE "${d.name}";`);
    statements.push(fileOf('type', d.name).sql.trim());
  }
  for (const d of changed('function')) statements.push(fileOf('function', d.name).sql.trim());
  for (const d of dropped('trigger')) {
    const table = /\bON\s+(?:public\.)?"?(\w+)"?/.exec(d.database ?? '')?.[1];
    if (table) statements.push(`DROP TRIGGER "${d.name}" ON "${table}";`);
  }
  for (const d of changed('trigger')) {
    const file = fileOf('trigger', d.name);
    if (d.problem === 'differs') statements.push(`DROP TRIGGER IF EXISTS "${file.name}" ON "${file.table}";`);
    statements.push(file.sql.trim());
  }
  for (const d of dropped('function')) statements.push(`DROP FUNCTION ${d.name};`);
  for (const d of dropped('type')) statements.push(`DROP TYPE "${d.name}";`);
  return statements.join('\n--> statement-breakpoint\n');
}
