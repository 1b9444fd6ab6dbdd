import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';

test('catalog, section and schedule pages have no serious accessibility violations', async ({
  page,
  makeStudents,
  makeSection,
  signIn,
}) => {
  const [student] = await makeStudents(1);
  const section = await makeSection({ capacity: 4, taken: 1 });
  await signIn(page, student!);

  for (const path of ['/sections', `/sections/${section.id}`, '/schedule']) {
    await page.goto(path);
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${path}: ${v.id} (${v.nodes.length})`)).toEqual([]);
  }
});

test('the login page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/login');
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});
