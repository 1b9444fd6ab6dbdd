/** Which requests' forwarded headers are believed (lib/web/edge-trust.ts), and the balancer's edge config. */
import { afterEach, describe, expect, it } from 'vitest';
import { clientAddress } from '../lib/web/client-address';
import { isCrossSite } from '../lib/web/request-guards';
import { haproxyConfig } from '../stack/haproxy';

const SECRET = 'a-secret-the-balancer-adds';
afterEach(() => {
  delete process.env.BALANCER_SECRET;
  delete process.env.AUTH_URL;
});

describe('forwarded headers', () => {
  it('X-Forwarded-For is believed only with the balancer’s secret', () => {
    process.env.BALANCER_SECRET = SECRET;
    const forwarded = { 'x-forwarded-for': '10.0.0.1, 198.51.100.7' };
    expect(clientAddress(new Headers(forwarded))).toBeNull();
    expect(clientAddress(new Headers({ ...forwarded, 'x-curriculab-balancer': 'guess' }))).toBeNull();
    expect(clientAddress(new Headers({ ...forwarded, 'x-curriculab-balancer': SECRET }))).toBe('198.51.100.7');
    delete process.env.BALANCER_SECRET;
    expect(clientAddress(new Headers({ ...forwarded, 'x-curriculab-balancer': '' }))).toBeNull();
  });

  it('the Origin must match scheme, host and port; X-Forwarded-Host is not consulted', () => {
    const post = (headers: Record<string, string>) => new Request('http://app.test/api/x', { method: 'POST', headers });
    expect(isCrossSite(post({ host: 'app.test:3000', origin: 'http://app.test:3000' }))).toBe(false);
    expect(isCrossSite(post({ host: 'app.test:3000', origin: 'https://app.test:3000' }))).toBe(true);
    expect(isCrossSite(post({ host: 'app.test:3000', origin: 'http://app.test:3001' }))).toBe(true);
    expect(isCrossSite(post({ host: 'app.test:3000', origin: 'https://evil.test', 'x-forwarded-host': 'evil.test' }))).toBe(true);
    process.env.AUTH_URL = 'https://register.example.edu';
    expect(isCrossSite(post({ host: '127.0.0.1:3000', origin: 'https://register.example.edu' }))).toBe(false);
    expect(isCrossSite(post({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }))).toBe(true);
  });
});

describe('the balancer’s edge', () => {
  const config = haproxyConfig(8080, 8081, [9001, 9002]);
  it('adds the secret from its environment, never writing it in the file; the stats page asks for a password', () => {
    expect(config).toContain('http-request set-header X-Curriculab-Balancer "${CURRICULAB_BALANCER_SECRET}"');
    expect(config).toContain('stats auth "curriculab:${CURRICULAB_STATS_PASSWORD}"');
  });
  it('gives a request 10 s, its body included', () => {
    expect(config).toMatch(/option http-buffer-request\n\s+timeout http-request 10s/);
    expect(config).toMatch(/http-error status 408 hdr X-Content-Type-Options "nosniff"/);
  });
});
