/**
 * Must be imported before anything that imports Cesium: tells Cesium to load its workers, assets
 * and widgets from our own origin (copied there by vite.config.ts), never from a CDN.
 * Without it Cesium requests index.html instead of its JSON files and the globe never finishes.
 */
declare global {
  interface Window {
    CESIUM_BASE_URL?: string;
  }
}

window.CESIUM_BASE_URL = new URL('cesium/', document.baseURI).href;

export {};
