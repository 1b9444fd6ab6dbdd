/**
 * `npm test`: the whole suite, stage after stage, stopping at the first failure; at the end (or at that failure)
 * each stage's time, so a slow stage is seen at once (issue 28.21). `.ci/run` runs exactly this.
 *
 *   npm test [-- --from STAGE]   start at STAGE (a developer re-running the tail after a fix)
 *
 * typecheck and lint run side by side: each is one single-threaded process, and the machine has two cores
 * (about 35 s of the suite). Their output is held and printed whole, one after the other, so it never interleaves.
 */
import { spawn } from 'node:child_process';
import { parseCommandLine, usageError } from './command-line';

type Stage = [name: string, script: string, args?: string[]];
/** Stages of one group run at the same time; groups run in order. */
const GROUPS: Stage[][] = [
  [
    ['typecheck', 'typecheck'],
    ['lint', 'lint'],
  ],
  [['vitest', 'test:unit']],
  [['build', 'build']],
  [['bench --quick', 'bench', ['--', '--quick']]],
  [['playwright', 'test:e2e']],
  [['e2e through the stack', 'test:e2e:stack']],
  [['faults', 'test:faults']],
];
const STAGES = GROUPS.flat();

const USAGE = `npm test [-- --from STAGE]   STAGE one of: ${STAGES.map(([, script]) => script).join(', ')}`;
const { values } = parseCommandLine(USAGE, { from: { type: 'string' } });
const start = values.from === undefined ? 0 : STAGES.findIndex(([, script]) => script === values.from);
if (start < 0) usageError(USAGE, `no stage ${values.from}`);
const remaining = new Set(STAGES.slice(start));

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs one stage; alone it writes straight to the terminal, beside another its output is held until it ends. */
function run([name, script, args = []]: Stage, alone: boolean): Promise<[string, number, boolean, string]> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script, ...args], { stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => (output += `${error.message}\n`));
    child.on('close', (code) => resolve([name, Date.now() - t0, code === 0, output]));
  });
}

const times: [string, number, boolean][] = [];
const began = Date.now();
let failed = false;
for (const group of GROUPS) {
  const stages = group.filter((stage) => remaining.has(stage));
  if (!stages.length) continue;
  if (stages.length > 1) console.log(`${stages.map(([name]) => name).join(' and ')}, side by side:`);
  const results = await Promise.all(stages.map((stage) => run(stage, stages.length === 1)));
  for (const [name, ms, ok, output] of results) {
    if (stages.length > 1) process.stdout.write(`── ${name} ${ok ? 'passed' : 'FAILED'}\n${output}`);
    times.push([name, ms, ok]);
    failed ||= !ok;
  }
  if (failed) break;
}

const minutes = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}`;
console.log('\nnpm test, time per stage (m:ss):');
for (const [name, ms, ok] of times) console.log(`  ${name.padEnd(24)} ${minutes(ms).padStart(6)}${ok ? '' : '  FAILED'}`);
console.log(`  ${'total'.padEnd(24)} ${minutes(Date.now() - began).padStart(6)}`);
const passed = times.filter(([, , ok]) => ok).length;
console.log(`stages: ${passed} passed, ${times.length - passed} failed`);
process.exit(failed ? 1 : 0);
