// Streetfix service worker: keeps the app shell so the map and the report
// form open without a connection. Reports made offline are kept by the page
// (IndexedDB) and sent by it, not here: the worker never touches writes.
'use strict';

const CACHE = 'streetfix-__VERSION__';
const SHELL = [
  '/', '/report', '/mine',
  '/static/style.css', '/static/app.js', '/static/map.js', '/static/report.js', '/static/exif.js', '/static/geocode.js',
  '/static/page.js', '/static/list.js', '/static/notice.js', '/static/mine.js', '/static/icon.svg',
  '/static/vendor/leaflet/leaflet.js', '/static/vendor/leaflet/leaflet.css',
  '/api/v1/areas?format=geojson&simplify=0.0001',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('streetfix-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return; // writes go to the network, untouched
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return; // map tiles: the browser's own cache
  if (req.mode === 'navigate') {
    // Pages: the network first (fresh data, the chosen language), the
    // cached shell when offline.
    event.respondWith(fetch(req).then((res) => {
      if (res.ok && (url.pathname === '/' || url.pathname === '/report' || url.pathname === '/mine')) {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(url.pathname, copy));
      }
      return res;
    }).catch(() => caches.match(url.pathname, { ignoreSearch: true })
      .then((hit) => hit || caches.match('/'))));
    return;
  }
  if (url.pathname.startsWith('/static/') || url.pathname === '/api/v1/areas') {
    event.respondWith(caches.match(req).then((hit) => hit || fetch(req)));
  }
});
