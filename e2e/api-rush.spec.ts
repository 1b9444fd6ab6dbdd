import { sql } from 'drizzle-orm';
import { test, expect, APP_URLS } from './fixtures';

test('60 students POST enroll at once at a 20-seat section, across both app servers', async ({
  db,
  makeStudents,
  makeSection,
  apiAs,
}) => {
  test.setTimeout(120_000);
  const section = await makeSection({ capacity: 20 });
  const students = await makeStudents(60);
  const clients = await Promise.all(students.map((s, i) => apiAs(s, APP_URLS[i % APP_URLS.length])));

  const results = await Promise.all(
    clients.map(async (client) => {
      const started = performance.now();
      const response = await client.post(`/api/sections/${section.id}/enrollments`);
      return { status: response.status(), body: (await response.json()) as { error?: string }, ms: performance.now() - started };
    }),
  );

  const created = results.filter((r) => r.status === 201);
  const full = results.filter((r) => r.status === 409 && r.body.error === 'section_full');
  expect(results.filter((r) => r.status >= 500)).toEqual([]);
  expect(created).toHaveLength(20);
  expect(full).toHaveLength(40);

  const seats = await (await clients[0]!.get(`/api/sections/${section.id}`)).json();
  expect(seats).toMatchObject({ id: section.id, capacity: 20, enrolledCount: 20, seatsLeft: 0 });
  const [rows] = await db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM enrollments WHERE section_id = ${section.id}`,
  );
  expect(rows!.n).toBe(20);

  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  console.log(`enroll API under 60 concurrent students: p50 ${sorted[30]!.toFixed(0)} ms, max ${sorted[59]!.toFixed(0)} ms`);
});
