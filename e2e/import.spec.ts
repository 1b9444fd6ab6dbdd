import { createTerm, uniqueTag } from '../testing/factories';
import { test, expect } from './fixtures';

test('a registrar uploads a small schedule, reads the preview, applies it, and finds the sections in that term’s catalog', async ({
  page,
  db,
  makeUser,
  signIn,
}, testInfo) => {
  const registrar = await makeUser('registrar');
  // Not yet open: never the default term of the other specs' pages.
  const term = await createTerm(db, 'not_yet_open');
  const subject = uniqueTag()
    .replace(/[0-9]/g, (d) => 'GHIJKLMNOP'[Number(d)]!)
    .slice(0, 5)
    .toUpperCase();
  const csv = [
    'Subject,Number,Title,Credits,Section,Capacity,Component,Linked_To,Days,Start,End,Location',
    `${subject},1211,Imported Chemistry,4,A,100,LEC,,MWF,9:00 AM,9:50 AM,Hall 1`,
    `${subject},1211,Imported Chemistry,0,A01,24,LAB,A,T,13:00,15:50,Lab 2`,
    `${subject},4999,Imported Thesis,3,T1,5,IND,,,,,`,
  ].join('\r\n');
  await signIn(page, registrar);
  await page.goto('/registrar/import');
  await page.getByLabel('File', { exact: true }).selectOption('schedule');
  await page.getByLabel('Term').selectOption({ label: term.name });
  await page.getByLabel('CSV file').setInputFiles({ name: 'schedule.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Preview' }).click();

  const result = page.getByRole('region', { name: 'Import result' });
  await expect(result.getByRole('status')).toHaveText(
    /^schedule \(preview, nothing written\): sections 3 created, 0 updated, 0 unchanged/,
  );
  await expect(result.getByRole('row', { name: /^sections/i })).toContainText('3');
  await page.screenshot({ path: testInfo.outputPath('import-preview.png'), fullPage: true });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(result.getByRole('status')).toHaveText(/^schedule: sections 3 created/);

  await result.getByRole('link', { name: 'See the catalog of that term' }).click();
  await expect(page).toHaveURL(new RegExp(`/sections\\?term=${term.code}`));
  await expect(page.getByText('3 sections')).toBeVisible();
  await expect(page.getByRole('link', { name: `${subject} 1211-A01` })).toBeVisible();
  await expect(page.getByRole('link', { name: `${subject} 4999-T1` })).toBeVisible();
});

test('a student cannot open the import page or post a file', async ({ page, makeUser, signIn }) => {
  const student = await makeUser('student');
  await signIn(page, student);
  expect((await page.goto('/registrar/import'))?.status()).toBe(403);
  const response = await page.request.post('/api/registrar/import?kind=students&mode=apply', {
    data: 'email,name\nx@y.test,X\n',
    headers: { 'content-type': 'text/csv' },
  });
  expect(response.status()).toBe(403);
});
