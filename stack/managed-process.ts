/** Child processes the stack starts: their output kept (or printed with a prefix), stopped for sure on exit. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunAs {
  uid: number;
  gid: number;
}

export interface ProcessOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  runAs?: RunAs;
  /** Each output line, e.g. printed with a prefix; the last lines are always kept for error messages. */
  onLine?: (line: string) => void;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  exited(): boolean;
  /** The last few kilobytes of output. */
  output(): string;
  /** `signal`, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
// A stack that dies on an exception must not leave servers behind; 'exit' handlers can only be synchronous.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startProcess(name: string, command: string, args: string[], options: ProcessOptions = {}): ManagedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options.runAs,
  });
  running.add(child);
  let kept = '';
  let partial = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    kept = (kept + text).slice(-6000);
    if (!options.onLine) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) options.onLine(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const gone = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
    child.once('error', (error) => {
      kept += `\n${error.message}`;
      running.delete(child);
      resolve();
    });
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null || !running.has(child);
  return {
    name,
    pid: child.pid ?? -1,
    child,
    exited,
    output: () => kept,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) {
      if (exited()) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill(signal);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Polls `ready` every 100 ms until it is true; fails with the process's last output when it exits or times out. */
export async function waitUntil(what: string, ready: () => Promise<boolean>, process?: ManagedProcess, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (process?.exited())
      throw new Error(`${what}: ${process.name} exited: ${process.output().trim().split('\n').slice(-8).join('\n')}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${what}: not ready within ${timeoutMs / 1000} s${process ? `\n${process.output().trim().split('\n').slice(-8).join('\n')}` : ''}`,
  );
}
