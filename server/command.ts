/** How to start the production server (server/main.ts), for every launcher: npm start, the stack, the bench, e2e. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `node [nodeFlags] --import tsx server/main.ts [args]`: the same flags as `next start` (-p, -H, --keepAliveTimeout). */
export function productionServer(args: string[], nodeFlags: string[] = []): { command: string; args: string[]; cwd: string } {
  return {
    command: process.execPath,
    args: [...nodeFlags, '--import', 'tsx', path.join(PROJECT_ROOT, 'server', 'main.ts'), ...args],
    cwd: PROJECT_ROOT,
  };
}
