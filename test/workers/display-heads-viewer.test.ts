/**
 * The conversion worker's GLB heads (`workers/display-heads.ts`) as the viewer's blob-URL tileset loads
 * them (`src/app/import/blob-tileset.ts`): the schema is inline, nothing is re-packed on the main thread,
 * and the files kept for export are the converter's bytes. Above both layers, as neither imports the other.
 */
import { existsSync, openAsBlob } from 'node:fs';
import { resolveObjectURL } from 'node:buffer';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBlobTileset, revokeBlobTileset } from '../../src/app/import/blob-tileset.ts';
import { parseGlb } from '../../src/core/tiles/glb.ts';
import { convertFile } from '../../workers/convert-file.ts';
import { addDisplayHeads } from '../../workers/display-heads.ts';

const NRW = join(
  resolve(import.meta.dirname, '../..'),
  '../shared/data/citygml/nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml',
);

async function blobBytes(url: string): Promise<Uint8Array> {
  const blob = resolveObjectURL(url);
  if (!blob) throw new Error(`no blob behind ${url}`);
  return new Uint8Array(await blob.arrayBuffer());
}

describe.skipIf(!existsSync(NRW))('worker-made GLB heads in the viewer tileset', () => {
  it('loads every GLB with its schema inline; the export files stay the converter bytes', async () => {
    const result = await convertFile(await openAsBlob(NRW), 'nrw.gml');
    const originals = new Map(result.files.map((f) => [f.path, new Uint8Array(f.bytes.slice(0))]));
    addDisplayHeads(result.files, 'nrw.gml');
    const glbs = result.files.filter((f) => f.path.endsWith('.glb'));
    expect(glbs.length).toBeGreaterThan(0);
    expect(glbs.every((f) => f.display)).toBe(true);
    const schema: unknown = JSON.parse(new TextDecoder().decode(originals.get('schema.json')));
    const tileset = await createBlobTileset(result.files, 'nrw.gml');
    try {
      // Every content URI of tileset.json that is a GLB (subtrees are JSON, linked as before).
      const root = JSON.parse(new TextDecoder().decode(await blobBytes(tileset.rootUrl))) as unknown;
      const urls: string[] = [];
      JSON.stringify(root, (key, value: unknown) => {
        if (key === 'uri' && typeof value === 'string') urls.push(value);
        return value;
      });
      let shownGlbs = 0;
      for (const url of urls) {
        const bytes = await blobBytes(url);
        if (new TextDecoder().decode(bytes.subarray(0, 4)) !== 'glTF') continue;
        shownGlbs += 1;
        const { json } = parseGlb(bytes);
        const metadata = (json as { extensions: Record<string, Record<string, unknown>> }).extensions
          .EXT_structural_metadata;
        expect(metadata?.schemaUri).toBeUndefined();
        expect(metadata?.schema).toEqual(schema);
      }
      expect(shownGlbs).toBeGreaterThan(0);
      for (const file of tileset.files) {
        expect(new Uint8Array(await file.blob.arrayBuffer())).toEqual(originals.get(file.path));
      }
    } finally {
      revokeBlobTileset(tileset);
    }
  });
});
