/**
 * The app-shell service worker (built by vite-sw.ts into `sw.js` next to index.html, as a classic script).
 * It caches the app shell only: index.html, the start-up chunks and styles at install (precache), the
 * lazily loaded chunks of the tools and the files of Cesium (`cesium/`: its workers, its built-in globe
 * imagery) when first used; never tiles, base maps or layer data. Hashed files come
 * from the cache first (their names change with their content); index.html comes from the network first and
 * from the cache when the network fails, so a dropped connection still shows the app and its offline notice.
 * Each build is its own cache, named by the build's hash; older ones are deleted when it activates.
 */

// Written by the build before this code: the build's hash and the shell's files, relative to index.html.
declare const SHELL_VERSION: string;
declare const SHELL_START: readonly string[];
declare const SHELL_LAZY: readonly string[];

/** The parts of the service worker global scope used here (the app's lib has DOM types, not WebWorker's). */
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScopeLike {
  readonly registration: { readonly scope: string };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
}

const scope = self as unknown as ServiceWorkerScopeLike;
const CACHE_PREFIX = 'stadtmodell-shell-';
const CACHE = `${CACHE_PREFIX}${SHELL_VERSION}`;
const base = scope.registration.scope;
const INDEX = new URL('index.html', base).href;
const start = SHELL_START.map((file) => new URL(file, base).href);
const shell = new Set([...start, ...SHELL_LAZY.map((file) => new URL(file, base).href)]);
/** Cesium's static files: fixed for a build (copied from the pinned package), cached when first used. */
const CESIUM = new URL('cesium/', base).href;

scope.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(start))
      .then(() => scope.skipWaiting()),
  );
});

// No clients.claim(): the page of the first visit keeps loading from the network as it began; the next
// navigation is the first one this worker serves.
scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      ),
  );
});

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== new URL(base).origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(async () => (await caches.match(INDEX, { cacheName: CACHE })) ?? Response.error()),
    );
    return;
  }
  const key = `${url.origin}${url.pathname}`;
  if (!shell.has(key) && !key.startsWith(CESIUM)) return; // tiles, data, base maps: the network as usual
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(key);
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok) await cache.put(key, response.clone());
      return response;
    }),
  );
});

export {};
