/**
 * A NUL byte, and other text PostgreSQL cannot take, in every input a server action or a route reads: a clear
 * refusal or a harmless answer, never 'unexpected'. (Pages and routes over HTTP: e2e/security.spec.ts.)
 */
import { describe, expect, it, vi } from 'vitest';
import { classifyDbError, failureFromThrown } from '../db/errors';
import { outcomeFor } from '../lib/outcomes';
import { testDb } from './db';
import { createSection, createTerm, createUser } from '../testing/factories';
import { form, signInAs } from './session';

vi.mock('@/auth', () => import('./session').then((m) => m.authMock));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
// next-auth's own modules need Next's bundler to resolve; the sign-in form stops at the check, before Auth.js.
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));
const { IDLE } = await import('../lib/web/action-state');
const registrar = await import('../app/(app)/registrar/actions');
const roster = await import('../app/(app)/sections/[id]/roster/actions');
const student = await import('../app/(app)/sections/[id]/actions');
const enrollments = await import('../app/api/sections/[id]/enrollments/route');
const { termFromSearchParams } = await import('../lib/web/search-params');
const { catalogQuerySchema } = await import('../lib/web/catalog-query');

const NASTY = ['\u0000', 'a\u0000b', '\u0000'.repeat(50), '%00', '\uFFFF', '\uD800', '💥'.repeat(200), ' '];

describe('text the database cannot store', () => {
  it('is invalid input in the error translator, not an unexpected failure', () => {
    expect(classifyDbError({ code: '22021' })).toBe('invalid_text');
    expect(classifyDbError({ code: '22P05' })).toBe('invalid_text');
    expect(failureFromThrown({ cause: { code: '22021' } })).toBe('invalid_text');
    expect(outcomeFor('invalid_text').status).toBe(400);
  });

  it('in search parameters: a term code names no term (404), the search falls back to the default', async () => {
    for (const term of NASTY)
      await expect(termFromSearchParams({ term })).rejects.toMatchObject({
        digest: expect.stringMatching(/^NEXT_HTTP_ERROR_FALLBACK;404/),
      });
    expect(catalogQuerySchema.parse({ q: 'CS\u0000101' }).q).toBe('');
  });

  it('in any field of any form is refused, never unexpected', async () => {
    const section = await createSection(testDb);
    const term = await createTerm(testDb);
    const forms = {
      create: [registrar.createSectionAction, { courseId: 1, termId: term.id, code: 'A1', capacity: 10, location: 'x' }],
      update: [registrar.updateSectionAction, { sectionId: section.id, capacity: 10, location: 'x' }],
      delete: [registrar.deleteSectionAction, { sectionId: section.id }],
      rosterEnroll: [roster.registrarEnrollAction, { sectionId: section.id, studentEmail: 'a@b.test' }],
      rosterDrop: [roster.registrarDropAction, { sectionId: section.id, studentEmail: 'a@b.test' }],
      enroll: [student.enrollAction, { sectionId: section.id }],
      leave: [student.leaveAction, { sectionId: section.id }],
    } as const;
    const answers = new Set<string>();
    for (const [name, [run, fields]] of Object.entries(forms)) {
      signInAs(await createUser(testDb, name === 'enroll' || name === 'leave' ? 'student' : 'registrar'));
      for (const field of [...Object.keys(fields), 'meetingDays', 'startTime', 'endTime', 'instructorId']) {
        for (const value of NASTY) {
          const message = await run(IDLE, form({ ...fields, [field]: value })).then(
            (state) => state.message,
            (error: { digest?: string }) => (String(error.digest).startsWith('NEXT_REDIRECT') ? 'redirect' : error),
          );
          answers.add(String(message));
          expect(message, `${name}.${field} = ${JSON.stringify(value)}`).not.toBe(outcomeFor('unexpected').message);
        }
      }
    }
    expect(answers).toContain(outcomeFor('invalid_input').message);
    // The sign-in form stops at the same check, before Auth.js (which these tests do not run).
    const { signInAction } = await import('../app/(auth)/login/actions');
    const state = await signInAction(IDLE, form({ email: 'a@b.test', password: 'pw\u0000' }));
    expect(state.message).toBe(outcomeFor('invalid_input').message);
  });

  it('in a JSON body is 400 invalid_input', async () => {
    const section = await createSection(testDb);
    signInAs(await createUser(testDb));
    for (const body of ['{"note":"\\u0000"}', '{"\\u0000":1}', '["\\u0000"]', '{"a":{"b":["x\\u0000"]}}']) {
      const request = new Request(`http://test.local/api/sections/${section.id}/enrollments`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      const response = await enrollments.POST(request, { params: Promise.resolve({ id: String(section.id) }) });
      expect(response.status, body).toBe(400);
    }
  });
});
