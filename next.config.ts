import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native argon2 and the postgres driver must stay plain Node requires on the server.
  serverExternalPackages: ['@node-rs/argon2', 'postgres'],
  // `npm test` runs `tsc --noEmit` over the whole project before building; no need to type-check twice.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // forbidden() renders app/forbidden.tsx with status 403 for a signed-in user with the wrong role.
    authInterrupts: true,
  },
};

export default nextConfig;
