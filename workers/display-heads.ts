/**
 * Viewer-ready GLB heads, made in the conversion worker so the main thread never parses or re-packs a
 * GLB. A converted tile's glTF names its metadata schema by `schemaUri` ("../schema.json"), which cannot
 * be resolved against the blob URL the viewer loads the tile from. EXT_structural_metadata allows the
 * schema inline instead, so the worker writes, per GLB, a new header and JSON chunk with the schema
 * inlined (`DisplayHead`); the viewer's copy is that head followed by the original bytes from the binary
 * chunk on. The original bytes stay as they were, so an export is byte-identical to the CLI's output.
 *
 * Only a GLB whose sole references are `schemaUri`s to JSON files of the same tileset gets a head; any
 * other (a buffer or image URI, a URI out of the tileset, a missing schema) is left to the main thread's
 * linker, which rewrites what it can and rejects what an imported archive must not contain.
 */
import { transfer } from 'comlink';
import { jsonReferences, referenceCarrier, resolveArchiveUri } from '../src/core/tiles/archive-references.ts';
import { parseGlb } from '../src/core/tiles/glb.ts';
import { decodeUtf8 } from '../src/core/tiles/utf8.ts';
import type { ConvertWorkerApi, DisplayHead, TransferredFile } from './convert-api.ts';

const GLB_MAGIC = 0x46546c67;
const CHUNK_JSON = 0x4e4f534a;

/** GLB header and JSON chunk for `json`, followed by a binary chunk starting at `from` of the original. */
function packHead(json: unknown, tailLength: number): ArrayBuffer {
  const text = new TextEncoder().encode(JSON.stringify(json));
  const jsonLength = Math.ceil(text.length / 4) * 4;
  const head = new Uint8Array(20 + jsonLength);
  const view = new DataView(head.buffer);
  view.setUint32(0, GLB_MAGIC, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, head.length + tailLength, true);
  view.setUint32(12, jsonLength, true);
  view.setUint32(16, CHUNK_JSON, true);
  head.set(text, 20);
  head.fill(0x20, 20 + text.length); // JSON chunks are padded with spaces
  return head.buffer;
}

/** `EXT_structural_metadata` of a glTF JSON, when it has one. */
function metadataExtension(json: unknown): Record<string, unknown> | undefined {
  const extensions = (json as { extensions?: Record<string, unknown> } | null)?.extensions;
  const metadata = extensions?.EXT_structural_metadata;
  return metadata !== null && typeof metadata === 'object'
    ? (metadata as Record<string, unknown>)
    : undefined;
}

/** The viewer head of one GLB (see the module comment), or `undefined` when the linker must handle it. */
function displayHead(
  file: TransferredFile,
  schemaOf: (path: string) => unknown,
  archive: string,
): DisplayHead | undefined {
  const bytes = new Uint8Array(file.bytes);
  if (referenceCarrier(file.path, bytes) !== 'glb') return undefined;
  let json: unknown;
  try {
    json = parseGlb(bytes).json;
  } catch {
    return undefined; // the linker reports a damaged GLB
  }
  const metadata = metadataExtension(json);
  if (typeof metadata?.schemaUri !== 'string') return undefined;
  try {
    if (
      jsonReferences(json).filter((uri) => resolveArchiveUri(uri, file.path, archive) !== undefined)
        .length !== 1
    )
      return undefined;
    const target = resolveArchiveUri(metadata.schemaUri, file.path, archive);
    const schema = target === undefined ? undefined : schemaOf(target);
    if (schema === undefined) return undefined;
    delete metadata.schemaUri;
    metadata.schema = schema;
  } catch {
    return undefined; // a reference out of the tileset: the linker rejects it with its message
  }
  // The rest of the original from the binary chunk's header on (nothing when it has none).
  const from = 20 + new DataView(file.bytes).getUint32(12, true);
  return { head: packHead(json, file.bytes.byteLength - from), from };
}

/**
 * Adds a `display` head to every GLB of `files` that needs only its schema inlined (in place, so a
 * comlink transfer list made for these objects still applies; the heads are small and copied). `archive`
 * names the tileset in messages.
 */
export function addDisplayHeads(files: TransferredFile[], archive: string): TransferredFile[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const schemas = new Map<string, unknown>();
  const schemaOf = (path: string): unknown => {
    if (!schemas.has(path)) {
      const file = byPath.get(path);
      let schema: unknown;
      if (file && path.toLowerCase().endsWith('.json')) {
        try {
          schema = JSON.parse(decodeUtf8(new Uint8Array(file.bytes))) as unknown;
        } catch {
          schema = undefined; // the linker reports invalid JSON
        }
      }
      // Only an object is a schema; anything else is left to the linker.
      schemas.set(path, schema !== null && typeof schema === 'object' ? schema : undefined);
    }
    return schemas.get(path);
  };
  for (const file of files) {
    const head = displayHead(file, schemaOf, archive);
    if (head) file.display = head;
  }
  return files;
}

/**
 * Adds the Blobs the page links and exports (`TransferredFile.blob`, `DisplayHead.blob`), so the page copies
 * no tile bytes: making a Blob copies its bytes, which took the page up to 140 ms per 100 MB import when it
 * made them; here the conversion worker does, and a Blob crosses to the page as a handle. A GLB with a head
 * is then all Blobs, so its `bytes` are not sent (emptied; the page needs them only to rewrite JSON and GLBs
 * without a head): the page's heap never holds them, which spared it major GCs of up to 65 ms while tiles
 * loaded. Returns the buffers still to transfer (every file's `bytes`, each once).
 */
export function addBlobs(files: TransferredFile[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const file of files) {
    file.blob = new Blob([file.bytes]);
    if (file.display) {
      file.display.blob = new Blob([file.display.head, new Uint8Array(file.bytes, file.display.from)], {
        type: 'model/gltf-binary',
      });
      file.bytes = new ArrayBuffer(0);
    } else buffers.add(file.bytes);
  }
  return [...buffers];
}

/**
 * `api` with display heads and Blobs (`addBlobs`) added to the files of every conversion result and
 * preview. The worker entry exposes this; the CLI and the parity tests use the plain API.
 */
export function withDisplayHeads(api: ConvertWorkerApi): ConvertWorkerApi {
  return {
    ...api,
    async convert(file, name, onProgress, onPreview, firstPreviewBuildings) {
      const previews = onPreview
        ? (preview: Parameters<typeof onPreview>[0]) => {
            // Transfers the remaining bytes only (this replaces the worker's transfer list for `preview`).
            return onPreview(transfer(preview, addBlobs(addDisplayHeads(preview.files, name))));
          }
        : undefined;
      const result = await api.convert(file, name, onProgress, previews, firstPreviewBuildings);
      return transfer(result, addBlobs(addDisplayHeads(result.files, name)));
    },
  };
}
