/**
 * `npm run test:faults`: the production topology (npm run stack) on its own PostgreSQL, and five faults
 * injected into registration rushes through it (issue 14); then the same on a pg_auto_failover formation
 * (npm run stack -- --ha) and four faults of its own (issue 25). Prints what each did and the counts it checked;
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
import { openHaWorld, type HaWorld } from './ha-world';
import { plannedSwitchover, primaryLost, standbyLost, standbyTargeted } from './ha-scenarios';

const FAULTS: [string, (world: World) => Promise<FaultReport>][] = [
  ['1. an app server SIGKILLed mid-rush', appServerKilled],
  ['2. PostgreSQL restarted mid-rush', postgresRestarted],
  ['3. PgBouncer restarted mid-rush', pgbouncerRestarted],
  ['4. pool exhausted (300 in flight, rows locked)', poolExhausted],
  ['5. database frozen (SIGSTOP) mid-rush', databaseFrozen],
];
/** Issue 25, on a pg_auto_failover formation (docs/decisions/0021), after the five above. */
const HA_FAULTS: [string, (world: HaWorld) => Promise<FaultReport>][] = [
  ['6. the primary lost (postmaster and keeper SIGKILLed) mid-rush', primaryLost],
  ['7. a planned switchover mid-rush', plannedSwitchover],
  ['8. the synchronous standby lost mid-rush', standbyLost],
  ['9. PgBouncer pointed at the standby (the follower behind)', standbyTargeted],
];

const USAGE = `npm run test:faults -- [N ...]   the faults to run (default all):\n${[...FAULTS, ...HA_FAULTS].map(([name]) => `  ${name}`).join('\n')}`;
const only = parseCommandLine(USAGE, {}, { positionals: true }).positionals.map((arg) => {
  const n = Number(arg);
  if (!Number.isInteger(n) || n < 1 || n > FAULTS.length + HA_FAULTS.length) usageError(USAGE, `no fault ${arg}`);
  return n;
});
const selected = (n: number) => !only.length || only.includes(n);
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
let passed = 0;
let failed = 0;

/** Runs the selected faults of one list on a world opened for them, and closes it. */
async function runFaults<W extends { close(): Promise<void> }>(
  faults: [string, (world: W) => Promise<FaultReport>][],
  first: number,
  open: () => Promise<W>,
) {
  const chosen = faults.filter((_, i) => selected(first + i));
  if (!chosen.length) return;
  let world: W;
  try {
    world = await open();
  } catch (error) {
    // A world that cannot start fails its faults, and the others still run.
    console.log(`\ncould not start the faults' world: ${error instanceof Error ? error.message : String(error)}`);
    for (const [name] of chosen) console.log(`fault ${name}\n  FAILED: not run`);
    failed += chosen.length;
    return;
  }
  // Ctrl-C or a CI stop: the stack, the cluster and their temp folders go too.
  const interrupted = (signal: NodeJS.Signals) => void world.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    for (const [i, [name, run]] of faults.entries()) {
      if (!selected(first + i)) continue;
      console.log(`\nfault ${name}`);
      const faultStarted = performance.now();
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
        console.log(`  ok (${((performance.now() - faultStarted) / 1000).toFixed(0)} s)`);
      }
    }
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    await world.close();
  }
}

const log = (line: string) => console.log(`[faults] ${line}`);
await runFaults<World>(FAULTS, 1, () => openWorld(log));
const haStarted = performance.now();
await runFaults<HaWorld>(HA_FAULTS, FAULTS.length + 1, () => openHaWorld(log));
if (HA_FAULTS.some((_, i) => selected(FAULTS.length + 1 + i))) {
  console.log(`\nHA fault tests (formation, stack and the faults) took ${((performance.now() - haStarted) / 1000).toFixed(0)} s`);
}
console.log(`\nfault tests done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
