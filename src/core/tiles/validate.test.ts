import { describe, expect, it } from 'vitest';
import { syntheticBoxBuilding } from './test-fixtures.ts';
import type { MetadataSchema } from './metadata.ts';
import { buildTileset } from './tileset.ts';
import type { TileJson, TilesetJson } from './tileset.ts';
import { validateTileset } from './validate.ts';

const buildings = Array.from({ length: 36 }, (_, i) =>
  syntheticBoxBuilding({
    id: `B${i}`,
    lonDeg: 7.2 + (i % 6) * 0.0005,
    latDeg: 51.27 + Math.floor(i / 6) * 0.0004,
    height: 200,
    size: [10, 12, 9],
    properties: { function: 'Wohnhaus', measuredHeight: 9 },
  }),
);
const { files } = buildTileset(buildings, { maxBuildingsPerTile: 3 });
const validJson = JSON.parse(new TextDecoder().decode(files[0]!.bytes)) as TilesetJson;
const contents = new Map(files.map((file) => [file.path, file.bytes]));
const readContent = (uri: string) => contents.get(uri);

/** A deep copy of the valid tileset with one change applied. */
function broken(change: (tileset: TilesetJson & Record<string, unknown>) => void): unknown {
  const copy = structuredClone(validJson) as TilesetJson & Record<string, unknown>;
  change(copy);
  return copy;
}

/** Puts schema.json into the tileset in place of its `schemaUri` (for changes to the schema); returns it. */
function inlineSchema(tileset: TilesetJson): MetadataSchema {
  delete tileset.schemaUri;
  tileset.schema = JSON.parse(new TextDecoder().decode(contents.get('schema.json'))) as MetadataSchema;
  return tileset.schema;
}

function firstInner(tileset: TilesetJson): TileJson {
  return tileset.root.children!.find((child) => child.children)!;
}

function firstLeaf(tileset: TilesetJson): TileJson {
  let tile = tileset.root;
  while (tile.children) tile = tile.children[0]!;
  return tile;
}

describe('validateTileset', () => {
  it('accepts the valid tileset (baseline for the negative cases)', () => {
    expect(firstInner(validJson)).toBeDefined();
    expect(validJson.schemaUri).toBe('schema.json');
    expect(validateTileset(validJson, readContent)).toEqual([]);
  });

  const cases: [string, (tileset: TilesetJson & Record<string, unknown>) => void, RegExp][] = [
    ['missing asset', (t) => delete (t as Partial<TilesetJson>).asset, /asset is required/],
    ['wrong asset.version', (t) => (t.asset.version = '2.0'), /asset.version '2.0'/],
    [
      'negative tileset geometricError',
      (t) => (t.geometricError = -1),
      /tileset: geometricError must be a number ≥ 0/,
    ],
    [
      'root error above tileset error',
      (t) => (t.geometricError = t.root.geometricError / 2),
      /root: geometricError .* > tileset/,
    ],
    ['missing root', (t) => delete (t as Partial<TilesetJson>).root, /root tile is required/],
    ['missing root refine', (t) => delete t.root.refine, /refine is required for the root/],
    [
      'schemaUri naming no file',
      (t) => (t.schemaUri = 'missing.json'),
      /schemaUri 'missing.json' names no file/,
    ],
    [
      'absolute schemaUri',
      (t) => (t.schemaUri = 'https://example.org/s.json'),
      /schemaUri .* is not relative/,
    ],
    [
      'schema and schemaUri',
      (t) => (t.schema = { id: 'x', classes: {} }),
      /schema and schemaUri must not both/,
    ],
    ['invalid refine', (t) => (firstInner(t).refine = 'MERGE' as 'ADD'), /refine must be 'ADD' or 'REPLACE'/],
    [
      'missing tile geometricError',
      (t) => delete (firstInner(t) as Partial<TileJson>).geometricError,
      /geometricError must be a number/,
    ],
    [
      'child error not below parent',
      (t) => (firstLeaf(t).geometricError = 1e9),
      /geometricError 1000000000 is not below its parent's/,
    ],
    [
      'equal child error (strict rule)',
      (t) => (firstInner(t).geometricError = t.root.geometricError),
      /is not below its parent's/,
    ],
    [
      'box with 11 numbers',
      (t) => (firstLeaf(t).boundingVolume = { box: new Array<number>(11).fill(1) }),
      /box must be 12 finite numbers/,
    ],
    [
      'no bounding volume kind',
      (t) => (firstLeaf(t).boundingVolume = {} as { box: number[] }),
      /needs one of box, region, sphere/,
    ],
    [
      'region south above north',
      (t) => {
        const region = (t.root.boundingVolume as { region: number[] }).region;
        [region[1], region[3]] = [region[3]!, region[1]!];
      },
      /region south .* > north/,
    ],
    [
      'region longitude out of range',
      (t) => ((t.root.boundingVolume as { region: number[] }).region[2] = 4),
      /west\/east must be in \[-π, π\]/,
    ],
    [
      'region heights inverted',
      (t) => {
        const region = (t.root.boundingVolume as { region: number[] }).region;
        [region[4], region[5]] = [region[5]!, region[4]!];
      },
      /minimum height .* > maximum height/,
    ],
    [
      'negative sphere radius',
      (t) => (firstLeaf(t).boundingVolume = { sphere: [0, 0, 0, -1] }),
      /sphere radius is negative/,
    ],
    [
      'child volume outside parent',
      (t) => ((firstLeaf(t).boundingVolume as { box: number[] }).box[0]! += 1000),
      /bounding volume reaches .* outside its parent's/,
    ],
    [
      'content outside its tile (box too small)',
      (t) => {
        const box = (firstLeaf(t).boundingVolume as { box: number[] }).box;
        box[3] = box[3]! / 2;
      },
      /content lies outside the tile's bounding volume/,
    ],
    [
      'content not rotated y-up → z-up (tile volume given for z-up content)',
      (t) => {
        // Swap the box's north and up half axes: what a writer forgetting the y-up rotation would bound.
        const box = (firstLeaf(t).boundingVolume as { box: number[] }).box;
        [box[1], box[2]] = [-box[2]!, box[1]!];
        [box[7], box[11]] = [box[11]!, box[7]!];
      },
      /content lies outside the tile's bounding volume/,
    ],
    [
      'transform of 15 numbers',
      (t) => (firstLeaf(t).transform = new Array<number>(15).fill(0)),
      /transform must be 16 finite numbers/,
    ],
    ['transform not affine', (t) => (firstLeaf(t).transform![3] = 1), /transform must be affine/],
    [
      'duplicate content uri',
      (t) => {
        const all: TileJson[] = [];
        const walk = (tile: TileJson) => (tile.children ? tile.children.forEach(walk) : all.push(tile));
        walk(t.root);
        all[1]!.content = { uri: `./${all[0]!.content!.uri}` };
      },
      /uri '.*' is also used by/,
    ],
    [
      'absolute content uri',
      (t) => (firstLeaf(t).content = { uri: 'https://example.org/a.glb' }),
      /is not relative/,
    ],
    [
      'missing content',
      (t) => (firstLeaf(t).content = { uri: 'tiles/missing.glb' }),
      /'tiles\/missing.glb' cannot be read/,
    ],
    ['content without uri', (t) => (firstLeaf(t).content = {} as { uri: string }), /uri is required/],
    [
      'content and contents together',
      (t) => ((firstLeaf(t) as TileJson & { contents: unknown }).contents = [{ uri: 'x.glb' }]),
      /content and contents must not both/,
    ],
    ['empty children', (t) => (firstInner(t).children = []), /children must be a non-empty array/],
    [
      'extension used but not declared',
      (t) => ((t.root as TileJson & { extensions: unknown }).extensions = { VENDOR_thing: {} }),
      /'VENDOR_thing' is used but not declared/,
    ],
    [
      'extension required but not in extensionsUsed',
      (t) => {
        t.extensionsUsed = ['A_one'];
        t.extensionsRequired = ['B_two'];
      },
      /'B_two' is in extensionsRequired but not in extensionsUsed/,
    ],
    ['empty extensionsUsed', (t) => (t.extensionsUsed = []), /extensionsUsed must be a non-empty array/],
    [
      'invalid schema property type',
      (t) => (inlineSchema(t).classes.building!.properties.measuredHeight!.type = 'FLOAT' as 'SCALAR'),
      /measuredHeight: type must be one of/,
    ],
    [
      'schema scalar without component type',
      (t) => delete inlineSchema(t).classes.building!.properties.measuredHeight!.componentType,
      /needs a valid componentType/,
    ],
    [
      'schema id not an identifier',
      (t) => (inlineSchema(t).id = '3d tiles'),
      /schema: id must be an identifier/,
    ],
  ];

  it.each(cases)('reports %s', (_name, change, expected) => {
    const errors = validateTileset(broken(change), readContent);
    expect(
      errors.some((error) => expected.test(error)),
      errors.join('\n'),
    ).toBe(true);
  });

  it('reports a content that is not a GLB and a GLB with a broken header', () => {
    const leafUri = firstLeaf(validJson).content!.uri;
    const notGlb = validateTileset(validJson, (uri) =>
      uri === leafUri ? new Uint8Array(64) : readContent(uri),
    );
    expect(notGlb.some((error) => /is not a GLB/.test(error))).toBe(true);
    const truncated = contents.get(leafUri)!.slice();
    new DataView(truncated.buffer).setUint32(4, 1, true);
    const badVersion = validateTileset(validJson, (uri) => (uri === leafUri ? truncated : readContent(uri)));
    expect(badVersion.some((error) => /GLB reader: version 1/.test(error))).toBe(true);
  });

  it('rejects non-objects', () => {
    expect(validateTileset(null)).toEqual(['tileset: must be a JSON object']);
    expect(validateTileset([1, 2])).toEqual(['tileset: must be a JSON object']);
  });
});
