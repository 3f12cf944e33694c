/**
 * The security headers of the web app, declared once: the web stack turns them into CloudFront's
 * response headers policies (infra/cdk/response-headers.ts), and the local gateway sends the
 * same values: SECURITY_HEADERS with every file of the app, FILE_HEADERS with `/_files/`
 * answers, API_HEADERS with `/v1` answers. The app calls only its own origin (the API is `/v1` and
 * files are `/_files/` on the same origin, locally and behind CloudFront), so the policy needs no
 * other host; Vite's build has no inline script or style, and React sets styles through the
 * CSSOM, which `style-src 'self'` allows. The app's service worker and web manifest are files of the
 * same origin (`worker-src`, `manifest-src`).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  // The service worker (/sw.js, which imports /sw-push.js): same origin only.
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Two years, the span browsers' preload lists ask for; subdomains included. */
export const HSTS = { maxAgeSeconds: 63_072_000, includeSubdomains: true } as const;

/** The browser features the app never uses, switched off for it and anything it might embed. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
].join(', ');

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** The header set as sent on the wire (lower-case names). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'strict-transport-security': `max-age=${HSTS.maxAgeSeconds}${HSTS.includeSubdomains ? '; includeSubDomains' : ''}`,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': REFERRER_POLICY,
  'permissions-policy': PERMISSIONS_POLICY,
  'cross-origin-opener-policy': 'same-origin',
};


/**
 * Headers of every file served from a bucket on the app's origin (`/_files/…`): whatever a file
 * holds, the browser never runs it as a page of the app's origin (a sandboxed, script-less
 * document), nor guesses its type.
 */
export const FILE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; sandbox",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Headers of every API answer (JSON): nothing to render, frame, or sniff. */
export const API_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': SECURITY_HEADERS['strict-transport-security']!,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};
