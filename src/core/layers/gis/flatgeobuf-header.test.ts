/**
 * The FlatGeobuf framing check and the FlatGeobuf reader on files written here byte by byte (flatbuffer
 * tables as header.fbs and feature.fbs lay them out), so every header field can be left out or made to
 * lie. Real files from ../shared/data are read in test/vector-formats.data.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkFlatGeobuf, flatGeobufIndexBytes } from './flatgeobuf-header.ts';
import { readGisDataset } from './read-gis.ts';

interface FgbOptions {
  /** `features_count`; undefined: the field is left out (reads as 0, "unknown"). Default: the points' count. */
  count?: number | undefined;
  /** `index_node_size`; undefined: left out (reads as 16). Default: 16, written. */
  indexNodeSize?: number | undefined;
  /** Nodes of the spatial index written after the header (zeros: the reader skips it). Default: as the tree needs. */
  indexNodes?: number;
}

/** Nodes of a packed R-tree over `count` items: every level up to the root (written out independently). */
function treeNodes(count: number, nodeSize: number): number {
  let nodes = count;
  for (let level = count; level > 1; ) {
    level = Math.ceil(level / nodeSize);
    nodes += level;
  }
  return count === 1 ? 2 : nodes;
}

/** A FlatGeobuf file of points (lon/lat, no CRS, no columns), little-endian flatbuffers written by hand. */
function flatGeobuf(points: readonly [number, number][], options: FgbOptions = {}): Uint8Array {
  const { count, indexNodeSize } = {
    count: points.length,
    indexNodeSize: 16,
    ...options,
  } as FgbOptions;
  const out: number[] = [];
  const view = new DataView(new ArrayBuffer(8));
  const put = (size: number, value: number, float = false) => {
    if (float) view.setFloat64(0, value, true);
    else if (size === 8) {
      view.setUint32(0, value % 2 ** 32, true);
      view.setUint32(4, Math.floor(value / 2 ** 32), true);
    } else if (size === 4) view.setUint32(0, value >>> 0, true);
    else if (size === 2) view.setUint16(0, value, true);
    else view.setUint8(0, value);
    for (let i = 0; i < size; i += 1) out.push(view.getUint8(i));
  };
  const patch32 = (at: number, value: number) => {
    for (let i = 0; i < 4; i += 1) out[at + i] = (value >>> (8 * i)) & 0xff;
  };
  const alignTo = (n: number, plus = 0) => {
    while ((out.length + plus) % n !== 0) out.push(0);
  };
  out.push(0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x00);
  put(4, 0); // header size, patched below
  // Header: root offset, vtable of 10 slots (fields 0…9), table.
  const base = out.length;
  put(4, 28); // root: the table at base + 28
  const vtable = out.length;
  put(2, 24); // vtable bytes
  put(2, 16); // table bytes
  const slots = [0, 0, 4, 0, 0, 0, 0, 0, count === undefined ? 0 : 8, indexNodeSize === undefined ? 0 : 6];
  for (const slot of slots) put(2, slot);
  const table = out.length;
  put(4, table - vtable); // soffset: vtable = table - soffset
  put(1, 1); // geometry_type: Point
  put(1, 0);
  put(2, indexNodeSize ?? 0);
  put(8, count ?? 0);
  patch32(8, out.length - base);
  const effectiveNodeSize = indexNodeSize ?? 16;
  const nodes =
    options.indexNodes ??
    (effectiveNodeSize > 0 && (count ?? 0) > 0 ? treeNodes(count ?? 0, effectiveNodeSize) : 0);
  for (let i = 0; i < nodes * 40; i += 1) out.push(0);
  for (const [x, y] of points) {
    const record = out.length;
    put(4, 0); // record size, patched below
    const feature = out.length;
    put(4, 12); // root: the feature table at feature + 12
    const featureVtable = out.length;
    put(2, 6); // one slot: geometry
    put(2, 8);
    put(2, 4);
    put(2, 0);
    put(4, out.length - featureVtable); // soffset
    const geometryField = out.length;
    put(4, 0); // geometry offset, patched below
    const geometryVtable = out.length;
    put(2, 18); // seven slots: ends, xy, z, m, t, tm, type
    put(2, 12);
    for (const slot of [0, 4, 0, 0, 0, 0, 8]) put(2, slot);
    alignTo(4);
    const geometry = out.length;
    patch32(geometryField, geometry - geometryField);
    put(4, geometry - geometryVtable);
    const xyField = out.length;
    put(4, 0); // xy offset, patched below
    put(1, 1); // type: Point
    alignTo(4);
    // Doubles 8-aligned in the file: the library views them as a Float64Array.
    alignTo(8, 4);
    patch32(xyField, out.length - xyField);
    put(4, 2);
    put(8, x, true);
    put(8, y, true);
    patch32(record, out.length - feature);
  }
  return Uint8Array.from(out);
}

const POINTS: [number, number][] = [
  [13.4, 52.5],
  [13.45, 52.48],
  [13.38, 52.52],
];

const read = (bytes: Uint8Array, name = 'punkte.fgb') => readGisDataset([{ name, bytes }]);

describe('FlatGeobuf framing check', () => {
  it('sizes the index as flatgeobuf does: every level up to one root', () => {
    expect(flatGeobufIndexBytes(3, 16)).toBe(4 * 40);
    expect(flatGeobufIndexBytes(20, 4)).toBe((20 + 5 + 2 + 1) * 40);
    expect(flatGeobufIndexBytes(1, 16)).toBe(2 * 40);
    // Node sizes below 2 are taken as 2 (the library clamps them too).
    expect(flatGeobufIndexBytes(4, 1)).toBe((4 + 2 + 1) * 40);
  });

  it('finds the header fields, the index and the records of a sound file', () => {
    expect(checkFlatGeobuf(flatGeobuf(POINTS))).toEqual({
      ok: true,
      layout: { featuresCount: 3, indexNodeSize: 16, indexBytes: 160, featuresStart: 56 + 160, records: 3 },
    });
    // index_node_size left out reads as its default 16; 0 means no index; features_count left out is 0.
    const defaulted = checkFlatGeobuf(flatGeobuf(POINTS, { indexNodeSize: undefined }));
    expect(defaulted.ok && defaulted.layout.indexNodeSize).toBe(16);
    const noIndex = checkFlatGeobuf(flatGeobuf(POINTS, { indexNodeSize: 0 }));
    expect(noIndex.ok && noIndex.layout).toMatchObject({ indexBytes: 0, featuresStart: 56, records: 3 });
    const unknownCount = checkFlatGeobuf(flatGeobuf(POINTS, { count: undefined, indexNodeSize: 0 }));
    expect(unknownCount.ok && unknownCount.layout).toMatchObject({ featuresCount: 0, records: 3 });
  });

  it('refuses a count of 0 with an index, also with nothing after the header', () => {
    for (const bytes of [
      flatGeobuf(POINTS, { count: undefined, indexNodeSize: undefined, indexNodes: 4 }),
      flatGeobuf([], { count: undefined, indexNodeSize: undefined }),
      flatGeobuf(POINTS, { count: 0, indexNodeSize: 16, indexNodes: 4 }),
    ]) {
      expect(checkFlatGeobuf(bytes)).toEqual({
        ok: false,
        problem:
          'cannot be read: its FlatGeobuf header gives 0 features but a spatial index; the file is damaged ' +
          'or written by a tool that leaves the count out',
      });
    }
  });

  it('says what is wrong with a damaged file', () => {
    const sound = flatGeobuf(POINTS);
    const problem = (bytes: Uint8Array) => {
      const check = checkFlatGeobuf(bytes);
      return check.ok ? 'ok' : check.problem;
    };
    expect(problem(new TextEncoder().encode('fgb? no, a text file'))).toBe(
      'is not a FlatGeobuf file (no "fgb" header)',
    );
    expect(problem(sound.subarray(0, 40))).toBe(
      'is a damaged FlatGeobuf: its header declares 44 bytes but only 28 follow (cut short?)',
    );
    expect(problem(sound.subarray(0, sound.length - 3))).toMatch(
      /^is a damaged FlatGeobuf: feature record 3 \(at byte \d+\) declares \d+ bytes, but the file ends \d+ bytes after its size prefix \(cut short or damaged\)$/,
    );
    const tail = Uint8Array.from([...sound, 7, 0]);
    expect(problem(tail)).toMatch(
      /feature record 4 \(at byte \d+\) is cut short: the file ends inside its size prefix/,
    );
    // A count beyond what the file can hold: the index of a million points alone needs ~42 MB.
    expect(problem(flatGeobuf(POINTS, { count: 1_000_000, indexNodes: 4 }))).toMatch(
      /^is a damaged FlatGeobuf: its header gives 1000000 features, which need at least \d+ bytes \(\d+ of them the spatial index\) after the header, but only \d+ follow$/,
    );
    expect(problem(flatGeobuf(POINTS, { count: 2 ** 60, indexNodeSize: 0 }))).toMatch(
      /its header gives \d+ features, which need at least \d+ bytes after the header, but only \d+ follow/,
    );
    // A count the file could hold that does not match its records.
    expect(problem(flatGeobuf(POINTS, { count: 2, indexNodes: 3 }))).toMatch(
      /its header gives 2 features but the file holds 3 feature records/,
    );
    const badRoot = sound.slice();
    badRoot[12] = 0xf0; // the header table's root offset now points past the header
    expect(problem(badRoot)).toBe('is a damaged FlatGeobuf: its header table lies outside the header');
  });
});

describe('FlatGeobuf reader', () => {
  it('reads the points of a file with an index, of one without, and of one without a count', async () => {
    for (const options of [{}, { indexNodeSize: 0 }, { indexNodeSize: 0, count: undefined }]) {
      const layer = await read(flatGeobuf(POINTS, options));
      expect(layer.problems).toEqual([]);
      expect(layer.features.length).toBe(3);
      expect([...layer.coordinates]).toEqual(POINTS.flat());
    }
  });

  it('refuses a count of 0 with an index with a clear problem instead of hanging', async () => {
    const layer = await read(
      flatGeobuf(POINTS, { count: undefined, indexNodeSize: undefined, indexNodes: 4 }),
    );
    expect(layer.features).toEqual([]);
    expect(layer.problems).toEqual([
      {
        file: 'punkte.fgb',
        line: 1,
        message:
          'FlatGeobuf reader: punkte.fgb cannot be read: its FlatGeobuf header gives 0 features but a spatial ' +
          'index; the file is damaged or written by a tool that leaves the count out',
      },
    ]);
  });

  it('names the file and what is damaged, engine errors only as a detail', async () => {
    const sound = flatGeobuf(POINTS);
    const cut = await read(sound.subarray(0, sound.length - 10));
    expect(cut.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^FlatGeobuf reader: punkte\.fgb is a damaged FlatGeobuf: feature record 3 /),
    ]);
    // Framing intact, a geometry's offset broken: the library throws inside the record.
    const broken = sound.slice();
    const sizes = new DataView(sound.buffer);
    let lastRecord = 56 + 160;
    for (let i = 0; i < 2; i += 1) lastRecord += 4 + sizes.getUint32(lastRecord, true);
    broken[lastRecord + 4 + 16] = 0xff; // the feature table's geometry offset
    broken[lastRecord + 4 + 17] = 0xff;
    const layer = await read(broken);
    expect(layer.features).toEqual([]);
    expect(layer.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^FlatGeobuf reader: punkte\.fgb is a damaged FlatGeobuf: one of its 3 feature records cannot be decoded \(.+\)$/,
      ),
    ]);
  });

  it('checks a FlatGeobuf inside a ZIP the same way, the other datasets still loading', async () => {
    const { zipSync } = await import('fflate');
    const zip = zipSync({
      'daten/punkte.fgb': flatGeobuf(POINTS),
      'daten/kaputt.fgb': flatGeobuf(POINTS, { count: 0 }),
    });
    const layer = await readGisDataset([{ name: 'lieferung.zip', bytes: zip }]);
    expect(layer.features.length).toBe(3);
    expect(layer.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^FlatGeobuf reader: daten\/kaputt\.fgb cannot be read: its FlatGeobuf header gives 0/,
      ),
    ]);
  });
});
