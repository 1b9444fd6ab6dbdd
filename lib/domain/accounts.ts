import 'server-only';
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import {
  countSignInAttempt,
  forgetPassedWindows,
  signInBlockedUntil,
  uncountSignInAttempt,
  type FailureLimits,
  type SignInKeys,
} from '@/db/queries/sign-in-failures';
import { endUserSessions, findSessionUser, findUserByEmail } from '@/db/queries/users';
import type { UserRole } from '@/db/schema';

/**
 * Failed sign-ins allowed per account and per client address in one window (docs/decisions/0010). An address
 * is allowed many more: a lab of students signs in from one address, and typos add up.
 */
export const SIGN_IN_LIMITS: FailureLimits = { windowSeconds: 15 * 60, account: 10, address: 100 };

/** A session ends this long after the sign-in that made it, however often it is renewed. */
export const SESSION_LIFETIME_SECONDS = 8 * 60 * 60;

export interface AccountUser {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  sessionVersion: number;
}

export type SignInResult =
  | { ok: true; value: AccountUser }
  | { ok: false; reason: 'invalid_credentials' | 'sign_in_unavailable' }
  | { ok: false; reason: 'too_many_sign_ins'; retryAfterSeconds: number };

// An argon2 hash takes 19 MiB and a thread for tens of milliseconds: a burst of sign-ins waits for a slot rather
// than taking the server's memory, and beyond a queue this long is told to come back.
const HASH_SLOTS = Math.min(4, availableParallelism());
const HASH_QUEUE = 64;
let hashing = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T | 'busy'> {
  if (hashing >= HASH_SLOTS) {
    if (waiting.length >= HASH_QUEUE) return 'busy';
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    hashing++;
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else hashing--;
  }
}

// Verified against when the email is unknown, so that an unknown email and a wrong password take the same time.
const dummyHash = hash(`unknown-user-${Math.random()}`);

async function passwordMatches(email: string, password: string) {
  const user = await findUserByEmail(email);
  const matches = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
  return user && matches ? user : null;
}

/** Whole seconds until `until`, at least 1. */
const secondsUntil = (until: Date) => Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));

/**
 * Email and password, throttled: an account or address that has used up its attempts is refused even with the
 * right password, and is not told whether the account exists. The attempt is counted before the hash, in the
 * statement that decides whether it may go on (docs/decisions/0019); a success takes it back.
 */
export async function signInWithPassword(email: string, password: string, address: string | null): Promise<SignInResult> {
  const keys: SignInKeys = { account: email.toLowerCase(), address };
  const blockedUntil = await countSignInAttempt(keys, SIGN_IN_LIMITS);
  if (blockedUntil) return { ok: false, reason: 'too_many_sign_ins', retryAfterSeconds: secondsUntil(blockedUntil) };
  const user = await withHashSlot(() => passwordMatches(keys.account, password));
  if (user === 'busy') {
    await uncountSignInAttempt(keys, { forgetAccount: false });
    return { ok: false, reason: 'sign_in_unavailable' };
  }
  if (!user) {
    await forgetPassedWindows(SIGN_IN_LIMITS);
    return { ok: false, reason: 'invalid_credentials' };
  }
  await uncountSignInAttempt(keys, { forgetAccount: true });
  const { id, name, role, sessionVersion } = user;
  return { ok: true, value: { id, email: user.email, name, role, sessionVersion } };
}

/** How long the account or address must still wait, if it must (for a 429's Retry-After). */
export async function signInRetryAfter(email: string, address: string | null): Promise<number | null> {
  const until = await signInBlockedUntil({ account: email.toLowerCase(), address }, SIGN_IN_LIMITS);
  return until ? secondsUntil(until) : null;
}

export interface SessionClaims {
  userId: number;
  sessionVersion: number;
  /** Seconds since the epoch. */
  signedInAt: number;
}

/** A session signed in less than its lifetime ago (docs/decisions/0010). */
export const withinLifetime = (signedInAt: number) => signedInAt > Date.now() / 1000 - SESSION_LIFETIME_SECONDS;

/**
 * The user a session token stands for, read fresh (role included), or null when the session has ended: signed
 * out, role or password changed since (the session version moved on), or older than its lifetime.
 */
export async function sessionHolder({ userId, sessionVersion, signedInAt }: SessionClaims) {
  if (!withinLifetime(signedInAt)) return null;
  const user = await findSessionUser(userId);
  return user && user.sessionVersion === sessionVersion ? user : null;
}

/** Sign-out: every session of the user ends, on every device and app server. */
export async function endSessions({ userId, sessionVersion }: Pick<SessionClaims, 'userId' | 'sessionVersion'>) {
  await endUserSessions(userId, sessionVersion);
}
