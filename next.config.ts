import type { NextConfig } from 'next';
import { API_HEADERS, SECURITY_HEADERS } from './lib/web/security-headers';

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
      { source: '/api/:path*', headers: API_HEADERS },
    ];
  },
};

export default nextConfig;
