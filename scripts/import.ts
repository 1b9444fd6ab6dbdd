/**
 * `npm run import -- schedule --term CODE FILE.csv | students FILE.csv | transcripts FILE.csv |
 * appointments --term CODE FILE.csv`: the command-line door of lib/import (docs/decisions/0024). Exit 0 with a
 * one-line summary; 1 with every bad row (nothing written); 2 with the usage for a bad command line.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createDatabase } from '../db/client';
import { runDatabaseCli } from '../db/tooling/cli';
import { IMPORT_KINDS, runImport, summarize, type ImportKind } from '../lib/import';
import { parseCommandLine, usageError } from './command-line';

const USAGE = `usage: npm run import -- schedule --term CODE FILE.csv
       npm run import -- students FILE.csv
       npm run import -- transcripts FILE.csv
       npm run import -- appointments --term CODE FILE.csv
  --term CODE   the term a schedule or appointments file is for
  --dry-run     check and count, write nothing
  --stats       also print the seconds taken and the peak memory (RSS) on stderr`;

const { values, positionals } = parseCommandLine(
  USAGE,
  { term: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, stats: { type: 'boolean', default: false } },
  { positionals: true },
);
const [kind, file, ...extra] = positionals;
if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) usageError(USAGE, `unknown file kind: ${kind ?? '(none)'}`);
if (!file || extra.length) usageError(USAGE, file ? `one file at a time, got ${positionals.length - 1}` : 'no file given');
const needsTerm = kind === 'schedule' || kind === 'appointments';
if (needsTerm && !values.term) usageError(USAGE, `${kind} needs --term CODE`);
if (!needsTerm && values.term) usageError(USAGE, `${kind} takes no --term`);
if (!existsSync(file)) usageError(USAGE, `no such file: ${file}`);

const started = performance.now();
runDatabaseCli('import', async (url) => {
  const { db, close } = createDatabase(url, { max: 1 });
  try {
    const report = await runImport(db, {
      kind: kind as ImportKind,
      source: createReadStream(file),
      ...(values.term ? { termCode: values.term } : {}),
      apply: !values['dry-run'],
      actorId: null,
    });
    for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
    for (const error of report.errors) process.stderr.write(`${error}\n`);
    (report.errors.length ? process.stderr : process.stdout).write(`${summarize(report)}\n`);
    if (report.errors.length) process.exitCode = 1;
    if (values.stats) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(`stats: ${seconds} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
    }
  } finally {
    await close();
  }
});
