import { describe, expect, it } from 'vitest';
import { CATALOG_PAGE_SIZE, listCatalog } from '../db/queries/sections';
import { testDb } from './db';
import { createCourse, createSection, createTerm, fillSection } from './factories';

describe('the catalog query', () => {
  it('searches by subject, subject and number, or title; filters open seats; pages in SQL', async () => {
    const term = await createTerm(testDb);
    const algorithms = await createCourse(testDb, { subject: 'CATA', number: '310', title: 'Algorithms' });
    const systems = await createCourse(testDb, { subject: 'CATA', number: '220', title: 'Computer Systems' });
    const physics = await createCourse(testDb, { subject: 'CATB', number: '101', title: 'Physics of Cats' });
    const full = await createSection(testDb, { termId: term.id, courseId: algorithms.id, capacity: 1 });
    await fillSection(testDb, full.id, 1);
    await createSection(testDb, { termId: term.id, courseId: systems.id, capacity: 5 });
    await createSection(testDb, { termId: term.id, courseId: physics.id, capacity: 5 });

    const titles = async (search: string, openOnly = false) =>
      (await listCatalog({ termId: term.id, search, openOnly })).rows.map((r) => r.course.title).sort();

    expect(await titles('cata')).toEqual(['Algorithms', 'Computer Systems']);
    expect(await titles('CATA 3')).toEqual(['Algorithms']);
    expect(await titles('cata310')).toEqual(['Algorithms']);
    expect(await titles('systems')).toEqual(['Computer Systems']);
    expect(await titles('cats')).toEqual(['Physics of Cats']);
    expect(await titles('cata', true)).toEqual(['Computer Systems']);
    expect(await titles('100%_')).toEqual([]);

    for (let i = 0; i < CATALOG_PAGE_SIZE + 2; i++) await createSection(testDb, { termId: term.id, courseId: physics.id });
    const second = await listCatalog({ termId: term.id, search: 'CATB', page: 2 });
    expect(second.total).toBe(CATALOG_PAGE_SIZE + 3);
    expect(second.rows).toHaveLength(3);
    expect((await listCatalog({ termId: term.id, search: 'CATB', page: 9 })).total).toBe(CATALOG_PAGE_SIZE + 3);
  });
});
