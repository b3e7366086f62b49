import { beforeAll, describe, expect, it } from 'vitest';
import { initTileCompression } from '../tiles/compression.ts';
import { syntheticBoxBuilding } from '../tiles/test-fixtures.ts';
import { buildTileset } from '../tiles/tileset.ts';
import { studyFrame } from './grid.ts';
import { buildOccluderGrid, verticalHits } from './occluder-grid.ts';
import { contentKind, resolveUri, sniffContent, tilesetOccluders } from './tile-occluders.ts';

const LON = 7.2;
const LAT = 51.29;
const GROUND = 200;

/** Two boxes: one 25 m high at the origin, one 8 m high 60 m east; the second 3 km away (outside any reach). */
function tileset(compress: boolean) {
  const metresLon = 111_320 * Math.cos((LAT * Math.PI) / 180);
  const boxes = [
    syntheticBoxBuilding({ id: 'A', lonDeg: LON, latDeg: LAT, height: GROUND, size: [20, 30, 25] }),
    syntheticBoxBuilding({
      id: 'B',
      lonDeg: LON + 60 / metresLon,
      latDeg: LAT,
      height: GROUND + 2,
      size: [10, 10, 8],
    }),
    syntheticBoxBuilding({
      id: 'C',
      lonDeg: LON + 3000 / metresLon,
      latDeg: LAT,
      height: GROUND,
      size: [10, 10, 8],
    }),
  ];
  const { files } = buildTileset(boxes, { compress, maxBuildingsPerTile: 1, maxBuildingsPerInnerTile: 0 });
  const byPath = new Map(files.map((file) => [`mem:/set/${file.path}`, file.bytes]));
  const reads: string[] = [];
  const load = async (url: string) => {
    reads.push(url);
    const bytes = byPath.get(url);
    if (!bytes) throw new Error(`missing ${url}`);
    return bytes;
  };
  return { load, reads };
}

describe('tileset occluders', () => {
  beforeAll(async () => {
    await initTileCompression();
  });

  for (const compress of [true, false]) {
    it(`reads the buildings of the tiles that meet the reach into the study frame (${compress ? 'meshopt' : 'plain'})`, async () => {
      const { load, reads } = tileset(compress);
      const frame = studyFrame(LON, LAT, GROUND);
      const reach = { west: -200, south: -200, east: 200, north: 200 };
      const { triangles, tilesRead, tilesSkipped } = await tilesetOccluders(
        'mem:/set/tileset.json',
        frame,
        reach,
        load,
      );
      expect(tilesRead).toBeGreaterThanOrEqual(2);
      expect(tilesSkipped).toBeGreaterThanOrEqual(1);
      expect(reads.every((url) => url.startsWith('mem:/set/'))).toBe(true);
      const grid = buildOccluderGrid(triangles);
      // Roof and floor of A over the origin, of B 60 m east (ground 2 m higher); within the 5 mm quantisation.
      const a = verticalHits(grid, 2, 3);
      expect(a).toHaveLength(2);
      expect(a[0]!).toBeCloseTo(25, 1);
      expect(a[1]!).toBeCloseTo(0, 1);
      const b = verticalHits(grid, 61, 1);
      expect(b[0]!).toBeCloseTo(10, 1);
      expect(b[1]!).toBeCloseTo(2, 1);
      // Walls where they should be: A spans x −10…10.
      expect(verticalHits(grid, 10.5, 0)).toEqual([]);
      expect(verticalHits(grid, 9.5, 0)).toHaveLength(2);
      // C (3 km east) is not among the triangles.
      expect(verticalHits(grid, 3000, 0)).toEqual([]);
    });
  }

  it('reads a tileset whose files are unnamed (blob:) URLs, as an import has them, by their bytes', async () => {
    const { load: byPath } = tileset(true);
    // Every reference rewritten to a name without a file ending, as `createBlobTileset` does with blob URLs.
    const named = new Map<string, Uint8Array>();
    const unnamed = async (path: string): Promise<string> => {
      const bytes = await byPath(`mem:/set/${path}`);
      if (sniffContent(bytes) !== 'json') {
        const url = `blob:http://localhost/${named.size}`;
        named.set(url, bytes);
        return url;
      }
      const json = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
      const walk = async (tile: Record<string, unknown>) => {
        const content = tile.content as { uri?: string } | undefined;
        if (content?.uri) content.uri = await unnamed(resolveUri(content.uri, path));
        for (const child of (tile.children as Record<string, unknown>[] | undefined) ?? []) await walk(child);
      };
      await walk(json.root as Record<string, unknown>);
      const url = `blob:http://localhost/${named.size}`;
      named.set(url, new TextEncoder().encode(`\n ${JSON.stringify(json)}`));
      return url;
    };
    const root = await unnamed('tileset.json');
    const frame = studyFrame(LON, LAT, GROUND);
    const reach = { west: -200, south: -200, east: 200, north: 200 };
    const read = await tilesetOccluders(root, frame, reach, async (url) => named.get(url)!);
    expect(read.tilesRead).toBeGreaterThanOrEqual(2);
    const grid = buildOccluderGrid(read.triangles);
    expect(verticalHits(grid, 2, 3)[0]!).toBeCloseTo(25, 1);
    expect(verticalHits(grid, 61, 1)[0]!).toBeCloseTo(10, 1);
  });

  it('names content by its file ending, and blob: or data: URLs by nothing', () => {
    expect(contentKind('tiles/0.glb')).toBe('glb');
    expect(contentKind('tiles/0.GLB?v=2')).toBe('glb');
    expect(contentKind('sub/tileset.json#x')).toBe('json');
    expect(contentKind('tiles/0.b3dm')).toBe('other');
    expect(contentKind('blob:http://localhost:4173/5d1c0b9e-0f7a-4d7e-9a43-0d1a2b3c4d5e')).toBe('unnamed');
    expect(contentKind('data:model/gltf-binary;base64,Z2xURg==')).toBe('unnamed');
    expect(sniffContent(new TextEncoder().encode('glTF\u0002'))).toBe('glb');
    expect(sniffContent(new TextEncoder().encode(' \r\n{"root":{}}'))).toBe('json');
    expect(sniffContent(new TextEncoder().encode('b3dm'))).toBe('other');
    expect(sniffContent(new Uint8Array())).toBe('other');
  });

  it('resolves content URIs beside the tileset file', () => {
    expect(resolveUri('tiles/0.glb', 'http://localhost/tiles/demo/tileset.json?v=1')).toBe(
      'http://localhost/tiles/demo/tiles/0.glb',
    );
    expect(resolveUri('http://x/a.glb', 'http://localhost/t.json')).toBe('http://x/a.glb');
  });
});
