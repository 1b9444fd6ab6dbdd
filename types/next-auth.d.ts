import type { UserRole } from '@/db/schema';

declare module 'next-auth' {
  interface User {
    role: UserRole;
    sessionVersion: number;
  }
  interface Session {
    user: { id: string; role: UserRole; name?: string | null; email?: string | null; image?: string | null };
    /** users.session_version when the session was made (docs/decisions/0010). */
    sessionVersion: number;
    /** When the user signed in, in seconds since the epoch: the session's absolute lifetime counts from here. */
    signedInAt: number;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    id: string;
    role: UserRole;
    sessionVersion: number;
    signedInAt: number;
  }
}
