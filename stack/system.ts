/** What the stack needs from the machine: the Debian binaries, and an unprivileged user to run them as. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RunAs } from './managed-process';

const SEARCH_PATH = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin'];

export class MissingBinaryError extends Error {}

/** The binary's path, or an error that says how to install it. */
export function findBinary(name: 'pgbouncer' | 'haproxy'): string {
  for (const dir of SEARCH_PATH) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  throw new MissingBinaryError(
    `${name} is not installed. On Debian or Ubuntu: sudo apt-get update && sudo apt-get install -y ${name} ` +
      `(PgBouncer 1.18 and HAProxy 2.6 are what is tested here)`,
  );
}

const SERVICE_USER = 'curriculab';

/**
 * PgBouncer refuses to run as root, and a load balancer need not either: as root, both run as the system user
 * "curriculab" (created once, no home, no shell). As anyone else, they run as that user already.
 */
export function serviceUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = (): RunAs => ({
    uid: Number(
      execFileSync('id', ['-u', SERVICE_USER], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    ),
    gid: Number(
      execFileSync('id', ['-g', SERVICE_USER], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    ),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--user-group', '--shell', '/usr/sbin/nologin', SERVICE_USER], {
      stdio: 'ignore',
    });
    return lookup();
  }
}

/** Writes a file only `owner` (and root) can read: configuration with a database password in it. */
export function writePrivateFile(file: string, text: string, owner: RunAs | undefined) {
  fs.writeFileSync(file, text, { mode: 0o600 });
  if (owner) fs.chownSync(file, owner.uid, owner.gid);
}
