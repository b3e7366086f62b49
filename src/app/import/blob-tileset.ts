/**
 * Makes an in-memory tileset (the CLI's layout: tileset.json, tiles/…, schema.json, or any tileset read
 * from an archive) loadable by Cesium: every file reachable from tileset.json becomes a blob URL, and the
 * references between files (tile content URIs, external tilesets, `schemaUri`, glTF buffer and image
 * URIs) are rewritten to those URLs, since relative paths cannot be resolved against a blob URL. A
 * reference to anything not among the files (another host, an absolute path, `..` out of the tileset, a
 * missing file) is an error, never kept: an imported tileset must not make the page request anything.
 * A GLB the worker has made a viewer head for (`DisplayHead`: its schema inlined) is only joined to its
 * original binary chunk, never parsed here; the rest (tileset and subtree JSON, GLBs from archives with
 * other references) is rewritten. Work is split into short steps so the page stays responsive.
 *
 * The conversion worker also sends each file as a ready Blob (`TransferredFile.blob`, `DisplayHead.blob`), so
 * the page copies no tile bytes: it only makes the blob URLs of those Blobs (and Blobs of the rewritten JSON).
 * Every URL is registered with `blob-reads.ts`, where Cesium reads it from the Blob rather than by XHR.
 */
import {
  entryReferences,
  mapJsonReferences,
  missingEntryError,
  parseGlbEntry,
  parseJsonEntry,
  referenceCarrier,
  resolveArchiveUri,
  TilesetArchiveError,
} from '../../core/tiles/archive-references.ts';
import { packGlb } from '../../core/tiles/glb-container.ts';
import { forgetBlobUrl, registerBlobUrl } from './blob-reads.ts';
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

/** Parts of a blob: bytes or text (`BlobPart`, spelled out so the module type-checks without the DOM lib). */
type Part = ArrayBuffer | Uint8Array<ArrayBuffer> | string;
/** A blob URL for `parts` (or for a ready Blob). */
type MakeUrl = (path: string, parts: Part[] | Blob, type: string) => string;

/**
 * Blob URLs for a tileset's files with their cross-references rewritten. Files not referenced by
 * anything (report.json) still get a Blob for export. `name` (the imported file) names the tileset in
 * messages. Rejects with `TilesetArchiveError` when a file refers to anything not among `files`.
 */
export async function createBlobTileset(files: TransferredFile[], name = 'tileset'): Promise<BlobTileset> {
  if (!files.some((f) => f.path === 'tileset.json'))
    throw new Error('import: the tileset has no tileset.json');
  const urls: string[] = [];
  const make: MakeUrl = (_path, parts, type) => {
    const blob = parts instanceof Blob ? parts : new Blob(parts, { type });
    const url = URL.createObjectURL(blob);
    registerBlobUrl(url, blob);
    urls.push(url);
    return url;
  };
  let stepStart = performance.now();
  const maybeYield = async () => {
    if (performance.now() - stepStart > STEP_BUDGET_MS) {
      await yieldToPage();
      stepStart = performance.now();
    }
  };
  // The original bytes for export: the worker's Blob, or else a copy made here in short steps (one Blob
  // per file copies it: for a 100 MB import this took 140 ms in one task before).
  const originals: BlobFile[] = [];
  for (const file of files) {
    originals.push({ path: file.path, blob: file.blob ?? new Blob([file.bytes]) });
    if (!file.blob) await maybeYield();
  }

  let rootUrl: string;
  try {
    rootUrl = await new Linker(files, name, make, maybeYield).link('tileset.json');
  } catch (error) {
    for (const url of urls) revokeUrl(url);
    throw error;
  }
  return { rootUrl, files: originals, urls };
}

/**
 * Makes the blob URLs depth first from tileset.json: a file gets its URL once everything it refers to
 * has one, so its references can be rewritten to them.
 */
class Linker {
  private readonly byPath: Map<string, TransferredFile>;
  private readonly urlOf = new Map<string, string>();
  /** Files being linked (on the current path from tileset.json): meeting one again is a cycle. */
  private readonly open = new Set<string>();

  constructor(
    files: TransferredFile[],
    private readonly name: string,
    private readonly make: MakeUrl,
    private readonly maybeYield: () => Promise<void>,
  ) {
    this.byPath = new Map(files.map((f) => [f.path, f]));
  }

  /** The blob URL of the file `path` (made on first call), after linking what it refers to. */
  async link(path: string): Promise<string> {
    const done = this.urlOf.get(path);
    if (done !== undefined) return done;
    const file = this.byPath.get(path);
    if (file === undefined) throw new TilesetArchiveError(`${this.name}: no ${path}`);
    this.open.add(path);
    const bytes = new Uint8Array(file.bytes);
    // A worker-made head has no references left; the tail is the original binary chunk.
    const url = file.display
      ? this.make(
          path,
          file.display.blob ?? [file.display.head, bytes.subarray(file.display.from)],
          'model/gltf-binary',
        )
      : await this.rewritten(path, bytes, file.blob);
    this.open.delete(path);
    this.urlOf.set(path, url);
    await this.maybeYield();
    return url;
  }

  /** The blob URL of `bytes` (the file `path`, `blob` when the worker made one) with its references rewritten. */
  private async rewritten(path: string, bytes: Uint8Array<ArrayBuffer>, blob?: Blob): Promise<string> {
    switch (referenceCarrier(path, bytes)) {
      case 'json': {
        const json = parseJsonEntry(bytes, path, this.name);
        const changed = await this.rewrite(path, json);
        return this.make(path, [changed ? JSON.stringify(json) : bytes], 'application/json');
      }
      case 'glb': {
        const { json, binary } = parseGlbEntry(bytes, path, this.name);
        const changed = await this.rewrite(path, json);
        return this.make(
          path,
          [changed ? (packGlb(json, binary) as Uint8Array<ArrayBuffer>) : bytes],
          'model/gltf-binary',
        );
      }
      case 'legacy':
        // The glTF inside b3dm/i3dm/cmpt is not rewritten: it may only use embedded data.
        for (const uri of entryReferences(path, bytes, this.name)) {
          const target = resolveArchiveUri(uri, path, this.name);
          if (target !== undefined) {
            throw new TilesetArchiveError(
              `${this.name}: ${path} refers to "${uri}" from its embedded glTF; only embedded data can be loaded from an imported b3dm/i3dm/cmpt`,
            );
          }
        }
        return this.make(path, blob ?? [bytes], 'application/octet-stream');
      case 'none':
        return this.make(path, blob ?? [bytes], 'application/octet-stream');
    }
  }

  /** Rewrites the references in `json` (of the file `path`) to blob URLs; whether any changed. */
  private async rewrite(path: string, json: unknown): Promise<boolean> {
    const targets = new Map<string, string>();
    mapJsonReferences(json, (uri) => {
      const target = resolveArchiveUri(uri, path, this.name);
      if (target === undefined) return uri;
      if (!this.byPath.has(target)) throw missingEntryError(uri, path, this.name);
      if (this.open.has(target)) {
        throw new TilesetArchiveError(
          `${this.name}: ${path} refers to "${uri}", which refers back to it (a cycle)`,
        );
      }
      targets.set(uri, target);
      return uri;
    });
    if (targets.size === 0) return false;
    const urls = new Map<string, string>();
    for (const [uri, target] of targets) urls.set(uri, await this.link(target));
    mapJsonReferences(json, (uri) => urls.get(uri) ?? uri);
    return true;
  }
}

/** Frees the blob URLs of a tileset. */
export function revokeBlobTileset(tileset: BlobTileset): void {
  for (const url of tileset.urls) revokeUrl(url);
}

function revokeUrl(url: string): void {
  forgetBlobUrl(url);
  URL.revokeObjectURL(url);
}
