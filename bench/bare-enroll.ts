/** Starts bench/bare-enroll-server.ts (the app tier's own ceiling) for one bench section, and stops it. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort, stopChild } from '../db/tooling/embedded';
import { PROJECT_ROOT } from '../db/tooling/local-database';

export async function startBareEnroll(databaseUrl: string, poolMax: number | undefined) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'bench/bare-enroll-server.ts'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, ...(poolMax ? { DB_POOL_MAX: String(poolMax) } : {}) },
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    }),
  );
  const exited = once(child, 'exit').then(() => {
    throw new Error(`the bare enroll server exited: ${output.slice(-800)}`);
  });
  await Promise.race([ready, exited]);
  return { base: `http://127.0.0.1:${port}`, stop: () => stopChild(child, 5_000) };
}
