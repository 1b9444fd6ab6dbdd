/**
 * `npm test`: the whole suite, stage after stage, stopping at the first failure; at the end (or at that failure)
 * each stage's time, so a slow stage is seen at once (issue 28.21). `.ci/run` runs exactly this.
 *
 *   npm test [-- --from STAGE]   start at STAGE (a developer re-running the tail after a fix)
 */
import { spawnSync } from 'node:child_process';
import { parseCommandLine, usageError } from './command-line';

const STAGES: [name: string, script: string, args?: string[]][] = [
  ['typecheck', 'typecheck'],
  ['lint', 'lint'],
  ['vitest', 'test:unit'],
  ['build', 'build'],
  ['bench --quick', 'bench', ['--', '--quick']],
  ['playwright', 'test:e2e'],
  ['e2e through the stack', 'test:e2e:stack'],
  ['faults', 'test:faults'],
];

const USAGE = `npm test [-- --from STAGE]   STAGE one of: ${STAGES.map(([, script]) => script).join(', ')}`;
const { values } = parseCommandLine(USAGE, { from: { type: 'string' } });
const start = values.from === undefined ? 0 : STAGES.findIndex(([, script]) => script === values.from);
if (start < 0) usageError(USAGE, `no stage ${values.from}`);

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const times: [string, number, boolean][] = [];
const began = Date.now();
let failed = false;
for (const [name, script, args = []] of STAGES.slice(start)) {
  const t0 = Date.now();
  const run = spawnSync(npm, ['run', '--silent', script, ...args], { stdio: 'inherit' });
  const ok = run.status === 0;
  times.push([name, Date.now() - t0, ok]);
  if (!ok) {
    failed = true;
    break;
  }
}

const minutes = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}`;
console.log('\nnpm test, time per stage (m:ss):');
for (const [name, ms, ok] of times) console.log(`  ${name.padEnd(24)} ${minutes(ms).padStart(6)}${ok ? '' : '  FAILED'}`);
console.log(`  ${'total'.padEnd(24)} ${minutes(Date.now() - began).padStart(6)}`);
const passed = times.filter(([, , ok]) => ok).length;
console.log(`stages: ${passed} passed, ${times.length - passed} failed`);
process.exit(failed ? 1 : 0);
