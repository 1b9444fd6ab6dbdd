/**
 * The one way a command-line tool here reads its arguments (issue 28.19): a bad option, a missing or malformed
 * value prints the tool's usage and exits 2, never a stack trace; --help (-h) prints it and exits 0.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Prints `problem` and the usage to stderr and exits 2 (the shell's "wrong usage"). */
export function usageError(usage: string, problem: string): never {
  process.stderr.write(`${problem}\n\n${usage.endsWith('\n') ? usage : `${usage}\n`}`);
  process.exit(2);
}

/** node:util's parseArgs with --help added, its errors turned into the usage and exit 2. */
export function parseCommandLine<T extends Options>(
  usage: string,
  options: T,
  { args = process.argv.slice(2), positionals = false }: { args?: string[]; positionals?: boolean } = {},
): { values: ParsedValues<T>; positionals: string[] } {
  const config = {
    args,
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: positionals,
    strict: true,
  } as const;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs(config) as typeof parsed;
  } catch (error) {
    // ERR_PARSE_ARGS_UNKNOWN_OPTION, ERR_PARSE_ARGS_INVALID_OPTION_VALUE, ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL.
    usageError(usage, error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) {
    process.stdout.write(usage.endsWith('\n') ? usage : `${usage}\n`);
    process.exit(0);
  }
  return { values: parsed.values as ParsedValues<T>, positionals: parsed.positionals };
}

type ParsedValues<T extends Options> = {
  [K in keyof T]: T[K] extends { type: 'boolean' }
    ? T[K] extends { default: boolean }
      ? boolean
      : boolean | undefined
    : T[K] extends { default: string }
      ? string
      : string | undefined;
};

/** A whole number ≥ `min` from an option's value (the fallback when it was not given); anything else is a usage error. */
export function wholeNumber(usage: string, name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min)
    usageError(usage, `${name} must be a whole number ≥ ${min}, got ${value}`);
  return n;
}
