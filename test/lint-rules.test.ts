import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function rulesBroken(code: string, filePath = 'db/queries/lint-probe.ts') {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId);
}

const PRELUDE = `import { eq } from 'drizzle-orm';
import { db } from '../index';
import type { Executor } from '../executor';
import { enrollments } from '../schema';
`;

describe('the lint rules guard the writes the code really makes', () => {
  it('refuses a DELETE or UPDATE without WHERE through every handle in use', async () => {
    for (const handle of ['database', 'db()', 'tx']) {
      const code = `${PRELUDE}
export async function probe(database: Executor, tx: Executor) {
  await ${handle}.delete(enrollments);
  await ${handle}.update(enrollments).set({ completionStatus: 'withdrawn' });
}
`;
      const broken = await rulesBroken(code);
      expect(broken, handle).toContain('drizzle/enforce-delete-with-where');
      expect(broken, handle).toContain('drizzle/enforce-update-with-where');
    }
  });

  it('accepts them with a WHERE', async () => {
    const code = `${PRELUDE}
export async function probe(database: Executor) {
  await database.delete(enrollments).where(eq(enrollments.id, 1));
  await db().update(enrollments).set({ completionStatus: 'withdrawn' }).where(eq(enrollments.id, 1));
}
`;
    expect(await rulesBroken(code)).not.toContain('drizzle/enforce-delete-with-where');
  });
});

describe("the layers are the linter's", () => {
  it.each([
    ['db/queries/lint-probe.ts', "import { outcomeFor } from '@/lib/outcomes';"],
    ['db/queries/lint-probe.ts', "import { outcomeFor } from '../../lib/outcomes';"],
    ['db/lint-probe.ts', "import Page from '@/app/page';"],
    ['core/rules/lint-probe.ts', "import { db } from '@/db';"],
    ['core/lint-probe.ts', "import { formatInstant } from '../lib/format';"],
    ['lib/lint-probe.ts', "import { migrateDatabase } from '@/db/tooling/migrate';"],
    ['db/queries/lint-probe.ts', "import { openDatabase } from '../tooling/local-database';"],
    ['db/tooling/lint-probe.ts', "import { outcomeFor } from '@/lib/outcomes';"],
  ])('%s may not %s', async (filePath, line) => {
    expect(await rulesBroken(`${line}\nexport const probe = [${line.split(' ')[2]}];\n`, filePath)).toContain(
      'no-restricted-imports',
    );
  });

  it('lets db/ import core/ and lib/ import db/', async () => {
    const code = "import { RULE_FAILURES } from '@/core/rules';\nexport const probe = RULE_FAILURES;\n";
    expect(await rulesBroken(code, 'db/lint-probe.ts')).not.toContain('no-restricted-imports');
    const lib = "import { db } from '@/db';\nexport const probe = db;\n";
    expect(await rulesBroken(lib, 'lib/lint-probe.ts')).not.toContain('no-restricted-imports');
  });
});

describe('layering is enforced (issue 20.6)', () => {
  const restricted = async (code: string, filePath: string) =>
    (await rulesBroken(code, filePath)).includes('no-restricted-imports');

  it('bench/, faults/ and scripts/ import nothing from test/ or e2e/; testing/ is where they share the factories', async () => {
    for (const file of ['bench/probe.ts', 'faults/probe.ts', 'scripts/probe.ts']) {
      expect(await restricted(`export { createUsers } from '../test/factories';\n`, file), file).toBe(true);
      expect(await restricted(`export { test } from '../e2e/fixtures';\n`, file), file).toBe(true);
      expect(await restricted(`export { createUsers } from '../testing/factories';\n`, file), file).toBe(false);
    }
  });

  it('shared code never imports a page or route folder', async () => {
    expect(await restricted(`export { enroll } from '@/app/(app)/sections/[id]/actions';\n`, 'lib/web/probe.ts')).toBe(true);
    expect(await restricted(`export { GET } from '../../app/api/health/route';\n`, 'lib/domain/probe.ts')).toBe(true);
    expect(await restricted(`export { GET } from '../app/api/health/route';\n`, 'db/probe.ts')).toBe(true);
    expect(await restricted(`export { SiteHeader } from '@/app/_components/site-header';\n`, 'app/_components/probe.tsx')).toBe(
      false,
    );
  });

  it('auth.ts builds on lib/auth, not on lib/web (which imports it)', async () => {
    expect(await restricted(`export { route } from './lib/web/route';\n`, 'auth.ts')).toBe(true);
    expect(await restricted(`export { sessionClaims } from './lib/auth/session-cookie';\n`, 'auth.ts')).toBe(false);
  });
});

describe('the formatter is part of lint', () => {
  it('npm run lint runs prettier --check, which refuses an unformatted file', async () => {
    const { default: pkg } = await import('../package.json', { with: { type: 'json' } });
    expect(pkg.scripts.lint).toMatch(/^prettier --check \. && eslint \.$/);
    const options = { ...(await prettier.resolveConfig('lib/probe.ts')), filepath: 'lib/probe.ts' };
    expect(await prettier.check('export const a = {b:1}\n', options)).toBe(false);
    expect(await prettier.check('export const a = { b: 1 };\n', options)).toBe(true);
  });
});
