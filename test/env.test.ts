import { describe, expect, it } from 'vitest';
import { authSecrets, campusTimeZoneFrom } from '../lib/env';

describe('AUTH_SECRET and CAMPUS_TIME_ZONE are read through lib/env.ts, validated', () => {
  it('a campus time zone is an IANA name the runtime knows, UTC when unset', () => {
    expect(campusTimeZoneFrom(undefined)).toBe('UTC');
    expect(campusTimeZoneFrom(' America/Chicago ')).toBe('America/Chicago');
    expect(() => campusTimeZoneFrom('Mars/Olympus_Mons')).toThrow(/CAMPUS_TIME_ZONE must be a time zone name/);
  });

  it('AUTH_SECRET may list secrets while rotating', () => {
    expect(authSecrets(undefined)).toBeUndefined();
    expect(authSecrets(' , ')).toBeUndefined();
    expect(authSecrets('new-secret, old-secret')).toEqual(['new-secret', 'old-secret']);
  });
});
