import { whenBuildingsDrawn } from '../viewer/first-frame.ts';

/** File name of the service worker the build emits next to index.html (vite-sw.ts). */
export const SERVICE_WORKER_FILE = 'sw.js';

/**
 * Registers the app-shell service worker, in production builds only (the dev server's modules change on
 * every edit; a cached shell there would hide them), once the buildings are drawn: its caching must not
 * compete with the first view. Its scope is the folder of index.html. A failure is logged, never shown: the
 * app works without it, only not offline.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const url = new URL(SERVICE_WORKER_FILE, document.baseURI);
  void whenBuildingsDrawn()
    .then(() => navigator.serviceWorker.register(url, { scope: './', type: 'classic' }))
    .catch((error: unknown) => console.warn('service worker: not registered', error));
}
