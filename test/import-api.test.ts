import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { sections } from '../db/schema';
import { createTerm, createUser, uniqueTag } from '../testing/factories';
import { testDb } from './db';
import { signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
const importRoute = await import('../app/api/registrar/import/route');

const subject = () =>
  uniqueTag()
    .replace(/[0-9]/g, (d) => 'GHIJKLMNOP'[Number(d)]!)
    .slice(0, 6)
    .toUpperCase();

async function post(query: string, body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'text/csv' }) {
  const request = new Request(`http://test.local/api/registrar/import?${query}`, {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);
  const response = await importRoute.POST(request);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/registrar/import', () => {
  it('a registrar only: a student and an instructor get 403, nothing written', async () => {
    const term = await createTerm(testDb);
    const csv = `subject,number,title,credits,section,capacity\n${subject()},100,A,3,1,10\n`;
    for (const role of ['student', 'instructor'] as const) {
      signInAs(await createUser(testDb, role));
      expect((await post(`kind=schedule&term=${term.code}&mode=apply`, csv)).status).toBe(403);
    }
    signInAs(null);
    expect((await post(`kind=schedule&term=${term.code}&mode=apply`, csv)).status).toBe(401);
    expect(await testDb.select().from(sections).where(eq(sections.termId, term.id))).toEqual([]);
  });

  it('preview counts and writes nothing; apply writes; bad rows are 422 with every line', async () => {
    const term = await createTerm(testDb);
    signInAs(await createUser(testDb, 'registrar'));
    const S = subject();
    const csv = `subject,number,title,credits,section,capacity\n${S},100,A,3,1,10\n${S},100,A,3,2,10\n`;
    const preview = await post(`kind=schedule&term=${term.code}&mode=preview`, csv);
    expect(preview).toMatchObject({ status: 200, body: { applied: false, tallies: { sections: { created: 2 } } } });
    expect(await testDb.select().from(sections).where(eq(sections.termId, term.id))).toEqual([]);
    const applied = await post(`kind=schedule&term=${term.code}&mode=apply`, csv);
    expect(applied).toMatchObject({
      status: 200,
      body: { applied: true, summary: expect.stringMatching(/^schedule: sections 2 created/) },
    });
    expect((await testDb.select().from(sections).where(eq(sections.termId, term.id))).length).toBe(2);
    const bad = await post(
      `kind=schedule&term=${term.code}&mode=apply`,
      `subject,number,title,credits,section,capacity\n${S},100,A,3,1,x\n`,
    );
    expect(bad).toMatchObject({
      status: 422,
      body: { error: 'import_rejected', errors: [expect.stringMatching(/^line 2: capacity: /)] },
    });
  });

  it('a file over 20 MB, a body that is not text/csv, bytes that are not UTF-8, bad options: refused with a message', async () => {
    signInAs(await createUser(testDb, 'registrar'));
    const big = await post('kind=students&mode=preview', 'x', {
      'content-type': 'text/csv',
      'content-length': String(21 * 1024 * 1024),
    });
    expect(big).toMatchObject({ status: 413, body: { error: 'file_too_large' } });
    // Sent without a length: cut off at the limit while streaming, never read whole.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024 * 1024;
        controller.enqueue(
          new TextEncoder().encode(
            sent === 1024 * 1024 ? 'email,name\n' + 'a'.repeat(1024 * 1024 - 11) : 'b'.repeat(1024 * 1024),
          ),
        );
        if (sent > 64 * 1024 * 1024) controller.close();
      },
    });
    const streamed = await post('kind=students&mode=preview', stream);
    expect(streamed).toMatchObject({ status: 422, body: { errors: [expect.stringMatching(/larger than 20 MB/)] } });
    expect(sent).toBeLessThan(24 * 1024 * 1024);
    expect(
      await post('kind=students&mode=preview', 'email,name\n', { 'content-type': 'application/vnd.ms-excel' }),
    ).toMatchObject({ status: 415, body: { error: 'not_csv' } });
    const latin1 = await post('kind=students&mode=preview', Buffer.from('email,name\nx@y.test,Ren\xe9\n', 'latin1'));
    expect(latin1).toMatchObject({ status: 422, body: { errors: [expect.stringMatching(/not a UTF-8 CSV/)] } });
    expect(await post('kind=grades&mode=preview', 'email\n')).toMatchObject({ status: 400, body: { error: 'invalid_input' } });
  });
});
