import type { NextConfig } from 'next';

/** On every response; pages also get their nonce-based Content-Security-Policy from proxy.ts. */
const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native argon2 and the postgres driver must stay plain Node requires on the server.
  serverExternalPackages: ['@node-rs/argon2', 'postgres'],
  // `npm test` runs `tsc --noEmit` over the whole project before building; no need to type-check twice.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // forbidden() renders app/forbidden.tsx with status 403 for a signed-in user with the wrong role.
    authInterrupts: true,
    // Every form is a few fields: a larger action body is refused (413) instead of parsed (docs/decisions/0010).
    serverActions: { bodySizeLimit: '32kb' },
    // proxy.ts runs on page requests, form posts included; Next buffers a copy of the body for it up to this.
    proxyClientMaxBodySize: '64kb',
  },
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      // JSON and CSV: nothing in them may run, load or be framed.
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
