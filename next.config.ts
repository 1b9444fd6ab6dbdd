import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native argon2 and the postgres driver must stay plain Node requires on the server.
  serverExternalPackages: ['@node-rs/argon2', 'postgres'],
};

export default nextConfig;
