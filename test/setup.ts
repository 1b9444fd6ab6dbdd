import { afterEach, beforeEach, expect, inject, vi } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');

let consoleErrors: unknown[][] = [];
let allowed = false;

/** A test that provokes a logged server error says so; any other console.error fails the test. */
export function allowConsoleErrors() {
  allowed = true;
}

beforeEach(() => {
  consoleErrors = [];
  allowed = false;
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  if (!allowed) expect(consoleErrors, 'unexpected console.error').toEqual([]);
});
