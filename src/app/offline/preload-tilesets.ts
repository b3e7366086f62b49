/**
 * Starts fetching the city's tileset descriptions (`tileset.json`) while the 3D app's code still arrives
 * and starts, instead of after it: one `<link rel="preload" as="fetch" crossorigin="anonymous">` per URL in
 * the document's head. Cesium's later request for the same URL (an XMLHttpRequest: CORS mode, credentials
 * only for the same origin, as `crossorigin="anonymous"` asks for) takes the preloaded response instead of
 * asking the server again, so the browser fetches each description once. URLs are resolved against the
 * document's base URL, as `CityTileset` resolves them; a URL already preloaded is not added twice.
 *
 * Returns the absolute URLs now preloaded.
 */
export function preloadTilesets(urls: readonly string[], doc: Document = document): string[] {
  const preloaded: string[] = [];
  for (const url of urls) {
    const href = new URL(url, doc.baseURI).href;
    const already = [...doc.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"]')].some(
      (link) => link.href === href,
    );
    if (already) continue;
    const link = doc.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = href;
    doc.head.append(link);
    preloaded.push(href);
  }
  return preloaded;
}
