import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Every command-line tool of the project, as its npm script runs it (issue 28.19). */
const TOOLS = [
  'scripts/stack.ts',
  'scripts/measure-history.ts',
  'scripts/measure-rules.ts',
  'scripts/profile-summary.ts',
  'bench/run.ts',
  'bench/prepare-cost.ts',
  'faults/run.ts',
  'db/tooling/migrate.ts',
  'db/tooling/seed.ts',
  'db/tooling/check.ts',
  'server/main.ts',
  'scripts/import.ts',
];

async function exitOf(tool: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(TSX, ['--conditions=react-server', tool, ...args], { cwd: ROOT, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Side by side: each case is a process start (about 1.3 s, most of it waiting on tsx), and none shares state.
describe.concurrent('a bad option gets the usage and exit 2, never a stack trace', () => {
  it.each(TOOLS)('%s --no-such-option', async (tool) => {
    const { code, stderr } = await exitOf(tool, ['--no-such-option']);
    expect(code, stderr).toBe(2);
    expect(stderr).toContain("Unknown option '--no-such-option'");
    expect(stderr).toMatch(/npm run|npx tsx|node /);
    expect(stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  });

  it.each(['scripts/stack.ts', 'bench/run.ts', 'faults/run.ts'])('%s --help prints the usage and exits 0', async (tool) => {
    const { code, stdout } = await exitOf(tool, ['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/npm run/);
  });

  it.each([
    ['scripts/stack.ts', ['--port', 'eighty']],
    ['bench/run.ts', ['--students', '-3']],
    ['faults/run.ts', ['99']],
    ['scripts/import.ts', ['schedule', 'file.csv']],
    ['scripts/import.ts', ['grades', 'file.csv']],
  ] as const)('a malformed value is a usage error too: %s %s', async (tool, args) => {
    const { code, stderr } = await exitOf(tool, [...args]);
    expect(code, `${tool} ${args.join(' ')}: ${stderr}`).toBe(2);
    expect(stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  });
});
