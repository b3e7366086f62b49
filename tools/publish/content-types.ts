/**
 * What a published file is sent as: its media type, whether it is gzipped, and how long caches may keep it.
 * One table for the object-storage publisher; `test/deploy-nginx.test.ts` checks that the shipped nginx
 * config serves every extension here with the same type, so the two deployments cannot drift apart.
 */
import { extname, posix } from 'node:path';

/** Media types by lower-case file extension (with the dot). */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ktx2': 'image/ktx2',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  // 3D Tiles 1.0 tile formats and 1.1 subtrees have no registered type; the spec names octet-stream.
  '.b3dm': 'application/octet-stream',
  '.i3dm': 'application/octet-stream',
  '.pnts': 'application/octet-stream',
  '.cmpt': 'application/octet-stream',
  '.subtree': 'application/octet-stream',
  // IANA-registered type of the 3D Tiles archive (a ZIP read with range requests).
  '.3tz': 'application/vnd.maxar.archive.3tz+zip',
  // Cesium's quantized-mesh terrain tiles.
  '.terrain': 'application/vnd.quantized-mesh',
};

/** The type of anything not in the table. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** The media type of a file by its extension. */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}

/**
 * Stored gzipped (with `Content-Encoding: gzip`): text formats, which shrink 3–10×, and quantized-mesh terrain,
 * which Cesium's terrain servers send gzipped too. Not GLB, b3dm or images: meshopt-compressed geometry and
 * PNG/JPEG gain a few per cent at most, and a gzipped object can no longer be read with range requests.
 */
const GZIPPED = new Set([
  '.json',
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.svg',
  '.xml',
  '.webmanifest',
  '.terrain',
]);

/** Whether a file is stored gzipped. */
export function isGzipped(path: string): boolean {
  return GZIPPED.has(extname(path).toLowerCase());
}

/** Cache lifetimes, as `Cache-Control` values. */
export const CACHE_CONTROL = {
  /** Names that change whenever the bytes do (content hashes): never revalidated. */
  immutable: 'public, max-age=31536000, immutable',
  /** The documents a reader starts from: short, so a new version is seen within a minute. */
  root: 'public, max-age=60, must-revalidate',
  /** Everything else keeps its name across versions: an hour, then revalidated by ETag. */
  other: 'public, max-age=3600',
} as const;

/**
 * Documents a reader starts from (a tileset's root, a terrain's layer.json, the viewer's pages): published
 * last and cached briefly. `tileset.json` at any depth, since an external tileset can be the root of a layer.
 */
const ROOT_NAMES = new Set(['tileset.json', 'layer.json', 'index.html', 'embed.html', 'sw.js']);

/**
 * A content hash in a file name: Vite's hashed assets (`assets/index-B2xY_9aZ.js`) or a run of 16+ hex
 * digits as a name part (`tiles/3f2a…9c.glb`, `a-3f2a…9c.subtree`).
 */
const HASHED = [/^assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/, /(^|[/._-])[0-9a-f]{16,}(?=[._-]|$)/i];

/** Whether the name of a file (path relative to the published folder, '/'-separated) is a reader's root. */
export function isRootDocument(path: string): boolean {
  return ROOT_NAMES.has(posix.basename(path));
}

/** The `Cache-Control` of a file (path relative to the published folder, '/'-separated). */
export function cacheControlOf(path: string): string {
  if (isRootDocument(path)) return CACHE_CONTROL.root;
  if (HASHED.some((pattern) => pattern.test(path))) return CACHE_CONTROL.immutable;
  return CACHE_CONTROL.other;
}
