/*
 * Web Push for Mosaic's service worker: web/static/sw.js loads it with importScripts('/sw-push.js').
 * A push carries JSON { title, body, url, tag } (shared/reminders/push.ts): it is shown as a
 * notification; a click focuses a Mosaic tab (navigated to the url) or opens one.
 */
self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data ? event.data.text() : '' };
  }
  const title = message.title || 'Mosaic';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: message.body || '',
      tag: message.tag,
      icon: '/favicon.svg',
      data: { url: message.url || '/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin);
  // Only this app's own pages: a payload never sends the user elsewhere.
  const url = target.origin === self.location.origin ? target.href : self.location.origin + '/';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((tabs) => {
      const tab = tabs.find((t) => new URL(t.url).origin === self.location.origin);
      if (tab) return tab.focus().then((t) => (t && 'navigate' in t ? t.navigate(url) : t));
      return self.clients.openWindow(url);
    }),
  );
});
