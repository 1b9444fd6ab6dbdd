import { unwrapPgError } from '../errors';
import { describeUrl, openDatabase, type OpenOptions } from './local-database';

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused: is PostgreSQL running there?',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  CONNECT_TIMEOUT: 'connection timed out',
  '28P01': 'password authentication failed',
  '28000': 'authentication rejected',
  '3D000': 'database does not exist',
};

/** Runs a database script and turns failures into one clear line and exit code 1. */
export function runCli(name: string, main: () => Promise<void>, where: () => string | undefined = () => undefined) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      const { code } = unwrapPgError(error);
      const reason = (code && REASONS[code]) ?? innermostMessage(error);
      const target = where();
      console.error(`${name} failed${target ? ` for PostgreSQL at ${target}` : ''}: ${reason}`);
      process.exit(1);
    },
  );
}

/**
 * A script against the project's database (DATABASE_URL, or the embedded one): opened, handed to `main` with a
 * description for messages, closed, and any failure said in one line that names where it looked.
 */
export function runDatabaseCli(
  name: string,
  main: (url: string, target: string) => Promise<void>,
  options: Pick<OpenOptions, 'owner' | 'create'> = {},
) {
  let target: string | undefined;
  runCli(
    name,
    async () => {
      const handle = await openDatabase(options);
      target = describeUrl(handle.url);
      try {
        await main(handle.url, target);
      } finally {
        await handle.close();
      }
    },
    () => target,
  );
}

/** Drizzle's own message quotes the SQL and its parameters; the driver's cause says what went wrong. */
function innermostMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? (current.message.split('\n')[0] ?? '') : String(current);
}
