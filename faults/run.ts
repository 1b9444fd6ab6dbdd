/**
 * `npm run test:faults`: the production topology (npm run stack) on its own PostgreSQL, and five faults
 * injected into registration rushes through it (issue 14). Prints what each did and the counts it checked;
 * exits 1 when an invariant fails. Traffic goes to 127.0.0.1 only; every loop is bounded.
 */
import { parseCommandLine, usageError } from '../scripts/command-line';
import { buildApp, isBuilt } from '../server/command';
import {
  appServerKilled,
  databaseFrozen,
  pgbouncerRestarted,
  poolExhausted,
  postgresRestarted,
  type FaultReport,
} from './scenarios';
import { openWorld, type World } from './world';

const FAULTS: [string, (world: World) => Promise<FaultReport>][] = [
  ['1. an app server SIGKILLed mid-rush', appServerKilled],
  ['2. PostgreSQL restarted mid-rush', postgresRestarted],
  ['3. PgBouncer restarted mid-rush', pgbouncerRestarted],
  ['4. pool exhausted (300 in flight, rows locked)', poolExhausted],
  ['5. database frozen (SIGSTOP) mid-rush', databaseFrozen],
];

const USAGE = `npm run test:faults -- [N ...]   the faults to run (default all):\n${FAULTS.map(([name]) => `  ${name}`).join('\n')}`;
const only = parseCommandLine(USAGE, {}, { positionals: true }).positionals.map((arg) => {
  const n = Number(arg);
  if (!Number.isInteger(n) || n < 1 || n > FAULTS.length) usageError(USAGE, `no fault ${arg}`);
  return n;
});
if (!isBuilt()) buildApp('faults');

/** No fault may hang the suite: past this, it fails with what it was doing. */
const FAULT_TIMEOUT_MS = 180_000;

function withinTime<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${FAULT_TIMEOUT_MS / 1000} s`)), FAULT_TIMEOUT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const started = performance.now();
const world = await openWorld((line) => console.log(`[faults] ${line}`));
// Ctrl-C or a CI stop: the stack, the cluster and their temp folders go too.
const interrupted = (signal: NodeJS.Signals) => void world.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);
let passed = 0;
let failed = 0;
try {
  for (const [i, [name, run]] of FAULTS.entries()) {
    if (only.length && !only.includes(i + 1)) continue;
    console.log(`\nfault ${name}`);
    let report: FaultReport;
    try {
      report = await withinTime(run(world), `fault ${name}`);
    } catch (error) {
      report = { lines: [], failures: [`threw: ${error instanceof Error ? error.message : String(error)}`] };
    }
    for (const line of report.lines) console.log(line);
    if (report.failures.length) {
      failed++;
      for (const f of report.failures) console.log(`  FAILED: ${f}`);
    } else {
      passed++;
      console.log('  ok');
    }
  }
} finally {
  await world.close();
}
console.log(`\nfault tests done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
