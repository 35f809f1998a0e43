/*
 * CallbackPortal widget v1: the push service worker. A service worker must come from the page's own origin, so the
 * host site serves a one-line file that imports this one:
 *   importScripts('https://PORTAL/widget/v1/callback-sw.js');
 * and names it to the widget (data-service-worker="/callback-sw.js"). It shows the notifications the portal sends
 * about a callback ({ title, body, data: { callbackId, event, service }, tag }) and, on a click, brings back the page
 * that subscribed (or opens it). It handles no fetch: the host's own worker code, if any, keeps that.
 */
(function () {
  'use strict';
  const START = 'cbw-start'; // data key: the page that subscribed, added by the widget when it subscribes

  self.addEventListener('push', (event) => {
    let message = {};
    try { message = event.data ? event.data.json() : {}; } catch { message = { body: event.data ? event.data.text() : '' }; }
    const data = Object.assign({}, message.data);
    const options = { body: message.body || '', data, tag: message.tag || undefined, renotify: !!message.tag };
    event.waitUntil(self.registration.showNotification(message.title || 'Callback', options));
  });

  self.addEventListener('notificationclick', (event) => {
    event.notification.close();
    const scope = self.registration.scope;
    const data = event.notification.data || {};
    event.waitUntil((async () => {
      const start = await startUrl(data);
      const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const same = tabs.find((c) => c.url.split('#')[0] === start) || tabs.find((c) => c.url.startsWith(scope));
      if (same && same.focus) return same.focus();
      return self.clients.openWindow(start);
    })());
  });

  // The widget tells the worker which page subscribed; kept in a tiny cache entry so it outlives the worker's restarts.
  const KEEP = 'callback-widget';
  const KEY = '/callback-widget/start';
  self.addEventListener('message', (event) => {
    const url = event.data && event.data.type === START && typeof event.data.url === 'string' ? event.data.url : '';
    if (url.startsWith(origin())) event.waitUntil(caches.open(KEEP).then((c) => c.put(KEY, new Response(url))));
  });

  const origin = () => new URL(self.registration.scope).origin;

  async function startUrl(data) {
    let page = data.page;
    if (!page) {
      try { const hit = await (await caches.open(KEEP)).match(KEY); page = hit ? await hit.text() : null; } catch { page = null; }
    }
    return page && page.startsWith(origin()) ? page : self.registration.scope;
  }
})();
