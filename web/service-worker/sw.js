/* global self, caches, importScripts */
/**
 * Mosaic's service worker, the template of /sw.js: the Vite build (web/vite.config.ts,
 * `serviceWorker()`) replaces the two placeholders below with the build's version and the files
 * of its app shell. See docs/web.md "Offline".
 *
 * - Install: caches the shell (index.html, the hashed scripts and styles, icons, manifest) in a
 *   cache named after the build; activate removes every older shell cache.
 * - A page load (navigation) goes to the network first and falls back to the cached index.html,
 *   so the app opens without a connection; the shell's own files are served from the cache.
 * - The API (/v1), files (/_files), the camera and the operator's endpoints are never touched:
 *   their answers hold one user's data and must not outlive a sign-out or reach another user of
 *   the same browser. Unsaved entries are queued by the page (web/src/api/outbox.ts), not here.
 */
const VERSION = '__MOSAIC_SW_VERSION__';
const SHELL = /** @type {string[]} */ (JSON.parse('__MOSAIC_SW_SHELL__'));
const CACHE = `mosaic-shell-${VERSION}`;
const PREFIX = 'mosaic-shell-';
const NEVER = /^\/(v1|_files|_local|camera)(\/|$)/;

// Push notifications (written by the reminders feature). Absent or broken, the shell still works.
try {
  importScripts('/sw-push.js');
} catch {
  // No /sw-push.js in this build.
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/index.html', { cacheName: CACHE }).then((hit) => hit ?? Response.error())));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
  }
});
