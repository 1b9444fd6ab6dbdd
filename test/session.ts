/** Tests sign users in by stubbing Auth.js's session lookup; the database stays real. */
// Use: vi.mock('@/auth', () => import('./session').then((m) => m.authMock)); then signInAs(user) per test.
import { vi } from 'vitest';
import type { User } from '../db/schema';

export const authMock = {
  auth: vi.fn(),
  currentSession: (): Promise<unknown> => authMock.auth(),
  requestSession: (): Promise<unknown> => authMock.auth(),
};

/** A session made just now for `user`, carrying its current session version (docs/decisions/0010). */
export function signInAs(user: Pick<User, 'id' | 'name' | 'email' | 'role' | 'sessionVersion'> | null) {
  authMock.auth.mockResolvedValue(
    user
      ? {
          user: { id: String(user.id), name: user.name, email: user.email, role: user.role },
          expires: '2999-01-01',
          sessionVersion: user.sessionVersion,
          signedInAt: Math.floor(Date.now() / 1000),
        }
      : null,
  );
}

/** A form as the browser posts it: a list value is sent once per item (checkboxes). */
export function form(fields: Record<string, string | number | readonly string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, String(v));
  return data;
}
