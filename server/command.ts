/**
 * How to build and start the production server (server/main.ts), for every launcher: npm start, the stack, the
 * bench, the e2e app servers. `npm run build` compiles it to JavaScript beside Next.js's output, so production runs
 * no TypeScript loader.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** server/main.ts as `npm run build` compiles it (package.json "build:server"); it finds the project as `..`. */
export const SERVER_ENTRY = path.join(PROJECT_ROOT, '.next', 'server-main.mjs');

/** A complete build: Next.js's output and the compiled server. */
export const isBuilt = () => fs.existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID')) && fs.existsSync(SERVER_ENTRY);

/** `npm run build`, for a launcher that finds no build; exits with the build's status when it fails. */
export function buildApp(who: string) {
  console.log(`[${who}] no production build yet (.next/BUILD_ID, .next/server-main.mjs): running npm run build`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** `node [nodeFlags] .next/server-main.mjs [args]`: the same flags as `next start` (-p, -H, --keepAliveTimeout). */
export function productionServer(args: string[], nodeFlags: string[] = []): { command: string; args: string[]; cwd: string } {
  return { command: process.execPath, args: [...nodeFlags, SERVER_ENTRY, ...args], cwd: PROJECT_ROOT };
}
