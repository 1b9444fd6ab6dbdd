import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from './embedded';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATA_DIR = path.join(PROJECT_ROOT, '.data');
const PREFERRED_PORT = 54329;

export interface DatabaseHandle {
  url: string;
  /** Stops the embedded server if this handle started it. */
  close(): Promise<void>;
}

interface State {
  url: string;
  pid: number;
}

export interface OpenOptions {
  log?: (line: string) => void;
  /**
   * For migrations and demo data: MIGRATION_DATABASE_URL (the tables' owner) when set, else DATABASE_URL. The app
   * itself connects as DATABASE_URL's role, which cannot alter tables (README "Security").
   */
  owner?: boolean;
  /** False for a script that only reads (db:check): no cluster is made where none exists. */
  create?: boolean;
  /** The embedded cluster's folder (tests point it elsewhere). */
  dataDir?: string;
}

/**
 * DATABASE_URL when set; otherwise the project's embedded PostgreSQL under .data/,
 * reusing the one `npm run dev` already runs, or starting it for the length of this process.
 */
export async function openDatabase({
  log = console.log,
  owner = false,
  create = true,
  dataDir = path.join(DATA_DIR, 'postgres'),
}: OpenOptions = {}): Promise<DatabaseHandle> {
  const fromEnv = (owner && process.env.MIGRATION_DATABASE_URL) || process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, close: async () => {} };

  const stateFile = path.join(path.dirname(dataDir), 'postgres.json');
  const running = readState(stateFile);
  if (running && isAlive(running.pid) && (await accepts(running.url))) {
    return { url: running.url, close: async () => {} };
  }
  if (!create && !fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new Error(
      `no database to open: DATABASE_URL is not set, no \`npm run dev\` is running (${stateFile}), ` +
        `and there is no embedded cluster in ${dataDir}`,
    );
  }

  const pg = await startEmbeddedPostgres({ dataDir, persistent: true, port: PREFERRED_PORT, log });
  fs.writeFileSync(stateFile, JSON.stringify({ url: pg.url, pid: pg.pid } satisfies State), { mode: 0o600 });
  return {
    url: pg.url,
    close: async () => {
      fs.rmSync(stateFile, { force: true });
      await pg.stop();
    },
  };
}

function readState(stateFile: string): State | undefined {
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8')) as State;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return acceptsTcp(Number(port) || 5432, hostname, 1000);
}

/** Whether something accepts TCP connections there now (a server that is up, before any protocol). */
export function acceptsTcp(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** "127.0.0.1:5432/curriculab": enough to find the server, never the password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
