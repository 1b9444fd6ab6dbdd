/**
 * The headers of every response (docs/decisions/0010): next.config.ts sets them on what Next.js serves, and
 * server/main.ts on the routes it serves directly (docs/decisions/0016). Pages also get their nonce-based
 * Content-Security-Policy from proxy.ts.
 */
export const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** JSON and CSV under /api/: nothing in them may run, load or be framed. */
export const API_HEADERS = [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }];
