// Service worker of the platform (installable field app). Deliberately small:
// - the API (/api/…) is never touched: every request and its answer stay exactly as the page sent them;
// - page navigations go to the network first and fall back to the cached app shell when offline, so the app opens in
//   a dead zone (what the page then does offline is the page's business: queued positions, later queued actions);
// - hashed build assets (/assets/…) are cached on first use and served from the cache afterwards (their names change
//   with their content, so a cached one is never stale).
const SHELL_CACHE = 'cg-shell-v1';
const ASSET_CACHE = 'cg-assets-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(['/', '/manifest.webmanifest', '/icons/icon-192.png'])));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== SHELL_CACHE && key !== ASSET_CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith((async () => {
      try {
        const fresh = await fetch(request);
        if (fresh.ok) (await caches.open(SHELL_CACHE)).put('/', fresh.clone());
        return fresh;
      } catch {
        return (await caches.match('/')) ?? Response.error();
      }
    })());
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith((async () => {
      const cached = await caches.match(request);
      if (cached) return cached;
      const fresh = await fetch(request);
      if (fresh.ok) (await caches.open(ASSET_CACHE)).put(request, fresh.clone());
      return fresh;
    })());
  }
});
