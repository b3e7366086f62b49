/**
 * Makes an in-memory tileset (the CLI's layout: tileset.json, tiles/…, schema.json) loadable by Cesium:
 * every file becomes a blob URL, and the references between files (tile content URIs, external
 * tilesets, the GLBs' metadata `schemaUri`) are rewritten to those URLs, since relative paths cannot
 * be resolved against a blob URL. Work is split into short steps so the page stays responsive.
 */
import { packGlb, parseGlb } from '../../core/tiles/glb.ts';
import type { BlobFile, TransferredFile } from '../../../workers/convert-api.ts';

/** A tileset held as blob URLs: `rootUrl` is tileset.json; `files` are the original bytes (for export). */
export interface BlobTileset {
  rootUrl: string;
  files: BlobFile[];
  /** Every blob URL made (revoke them all with `revokeBlobTileset`). */
  urls: string[];
}

/** Longest stretch of work between yields to the event loop, in milliseconds. */
const STEP_BUDGET_MS = 8;

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** `path` resolved against the folder of `base` (both relative to the tileset root; '/' separated). */
export function resolveTilesetPath(base: string, path: string): string {
  const parts = base.split('/').slice(0, -1);
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

interface TileLike {
  content?: { uri?: string };
  contents?: { uri?: string }[];
  children?: TileLike[];
}

/** Rewrites every content URI of a tileset JSON (tile tree) with `map`. */
export function rewriteTilesetUris(json: { root?: TileLike }, map: (uri: string) => string): void {
  const visit = (tile: TileLike) => {
    if (tile.content?.uri !== undefined) tile.content.uri = map(tile.content.uri);
    for (const content of tile.contents ?? []) if (content.uri !== undefined) content.uri = map(content.uri);
    for (const child of tile.children ?? []) visit(child);
  };
  if (json.root) visit(json.root);
}

/**
 * Blob URLs for a tileset's files with their cross-references rewritten. Files not referenced by
 * anything (report.json) still get a Blob for export.
 */
export async function createBlobTileset(files: TransferredFile[]): Promise<BlobTileset> {
  if (!files.some((f) => f.path === 'tileset.json'))
    throw new Error('import: the tileset has no tileset.json');
  const urls: string[] = [];
  const urlOf = new Map<string, string>();
  const make = (path: string, bytes: ArrayBuffer | Uint8Array<ArrayBuffer> | string, type: string) => {
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    urls.push(url);
    urlOf.set(path, url);
    return url;
  };
  let stepStart = performance.now();
  const maybeYield = async () => {
    if (performance.now() - stepStart > STEP_BUDGET_MS) {
      await yieldToPage();
      stepStart = performance.now();
    }
  };
  // Copies of the original bytes for export, made in short steps too (one Blob per file copies it:
  // for a 100 MB import this took 140 ms in one task before).
  const originals: BlobFile[] = [];
  for (const file of files) {
    originals.push({ path: file.path, blob: new Blob([file.bytes]) });
    await maybeYield();
  }

  try {
    await linkFiles(files, make, urlOf, maybeYield);
  } catch (error) {
    for (const url of urls) URL.revokeObjectURL(url);
    throw error;
  }
  return { rootUrl: urlOf.get('tileset.json') ?? '', files: originals, urls };
}

/** Makes the blob URLs: schema first (GLBs point to it), then contents, then tileset JSONs deepest first. */
async function linkFiles(
  files: TransferredFile[],
  make: (path: string, bytes: ArrayBuffer | Uint8Array<ArrayBuffer> | string, type: string) => string,
  urlOf: Map<string, string>,
  maybeYield: () => Promise<void>,
): Promise<void> {
  for (const file of files)
    if (file.path.endsWith('schema.json')) make(file.path, file.bytes, 'application/json');
  for (const file of files) {
    if (!file.path.endsWith('.glb')) continue;
    const bytes = new Uint8Array(file.bytes);
    const { json, binary } = parseGlb(bytes);
    const metadata = (json as { extensions?: { EXT_structural_metadata?: { schemaUri?: string } } })
      .extensions?.EXT_structural_metadata;
    const schemaUrl = metadata?.schemaUri && urlOf.get(resolveTilesetPath(file.path, metadata.schemaUri));
    if (metadata && schemaUrl) {
      metadata.schemaUri = schemaUrl;
      make(file.path, packGlb(json, binary) as Uint8Array<ArrayBuffer>, 'model/gltf-binary');
    } else {
      make(file.path, bytes, 'model/gltf-binary');
    }
    await maybeYield();
  }
  const tilesetJsons = files
    .filter((f) => f.path.endsWith('.json') && f.path !== 'report.json' && !f.path.endsWith('schema.json'))
    .sort((a, b) => b.path.split('/').length - a.path.split('/').length);
  const decoder = new TextDecoder();
  for (const file of tilesetJsons) {
    const json = JSON.parse(decoder.decode(file.bytes)) as { root?: TileLike; schemaUri?: string };
    rewriteTilesetUris(json, (uri) => urlOf.get(resolveTilesetPath(file.path, uri)) ?? uri);
    if (json.schemaUri)
      json.schemaUri = urlOf.get(resolveTilesetPath(file.path, json.schemaUri)) ?? json.schemaUri;
    make(file.path, JSON.stringify(json), 'application/json');
    await maybeYield();
  }
}

/** Frees the blob URLs of a tileset. */
export function revokeBlobTileset(tileset: BlobTileset): void {
  for (const url of tileset.urls) URL.revokeObjectURL(url);
}
