/**
 * A dropped DGM on the official NRW DGM1 tile, against GDAL: the grid's extent and statistics as `gdalinfo`
 * and `gdaltransform` give them, and heights of the deepest height tiles as `gdallocationinfo` (bilinear between
 * pixel centres) plus the built-in EGM96 the buildings get; and the messages for files that are no terrain.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeArrayBuffer } from 'geotiff';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinEgm96 } from '../crs/geoid.ts';
import { arrayBufferOf, encodeTiffLzw, packCodes, stripTiff } from '../util/testing/tiff-writer.ts';
import { levelError } from './pyramid.ts';
import {
  DGM_MAX_CELLS,
  DGM_MAX_ERROR,
  DGM_TILE_SIZE,
  DgmError,
  openDgm,
  readDgmGeoTiff,
  readDgmText,
  type DgmTerrain,
} from './dgm.ts';
import { tileSizeDegrees } from './tiling.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dgm = path.join(repoRoot, '../shared/data/terrain/nrw-dgm1/dgm1_32_280_5652_1_nw_2022.tif');
const hasData = existsSync(dgm);
const hasGdal = spawnSync('gdallocationinfo', ['--version']).status === 0;
if (!hasData) console.warn(`dgm test: ${dgm} not found, the real-file checks are skipped`);
else if (!hasGdal) console.warn('dgm test: gdal-bin not installed, the real-file checks are skipped');

const bytesOf = (file: string): ArrayBuffer => {
  const buffer = readFileSync(file);
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
};

/** lon/lat (EPSG:4326) → EPSG:25832 by PROJ. */
function toUtm(points: [number, number][]): [number, number][] {
  return execFileSync('gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:25832'], {
    input: points.map(([lon, lat]) => `${lon} ${lat}`).join('\n'),
  })
    .toString()
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/).map(Number) as [number, number]);
}

/** Heights bilinear between the pixel centres around EPSG:25832 points, from one gdallocationinfo call. */
function gdalBilinear(points: [number, number][]): number[] {
  const corners: string[] = [];
  for (const [e, n] of points) {
    const c0 = Math.floor(e - 280000 - 0.5);
    const r0 = Math.floor(5653000 - n - 0.5);
    for (const [dc, dr] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ] as const)
      corners.push(`${c0 + dc + 0.5} ${r0 + dr + 0.5}`);
  }
  const values = execFileSync('gdallocationinfo', ['-valonly', dgm], { input: corners.join('\n') })
    .toString()
    .trim()
    .split('\n')
    .map(Number);
  return points.map(([e, n], i) => {
    const fx = e - 280000 - 0.5 - Math.floor(e - 280000 - 0.5);
    const fy = 5653000 - n - 0.5 - Math.floor(5653000 - n - 0.5);
    const [v00, v10, v01, v11] = values.slice(i * 4, i * 4 + 4) as [number, number, number, number];
    return (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
  });
}

/** Height at lon/lat from a height tile (row 0 north), bilinear between its nodes. */
function heightInTile(tile: Float32Array, z: number, x: number, y: number, lon: number, lat: number): number {
  const size = tileSizeDegrees(z);
  const n = DGM_TILE_SIZE - 1;
  const fx = ((lon + 180) / size - x) * n;
  const fy = (1 - ((lat + 90) / size - y)) * n;
  const c0 = Math.min(Math.floor(fx), n - 1);
  const r0 = Math.min(Math.floor(fy), n - 1);
  const tx = fx - c0;
  const ty = fy - r0;
  const at = (c: number, r: number) => tile[r * DGM_TILE_SIZE + c]!;
  return (
    (at(c0, r0) * (1 - tx) + at(c0 + 1, r0) * tx) * (1 - ty) +
    (at(c0, r0 + 1) * (1 - tx) + at(c0 + 1, r0 + 1) * tx) * ty
  );
}

describe.skipIf(!hasData || !hasGdal)('a dropped DGM: the NRW DGM1 tile against GDAL', () => {
  let terrain: DgmTerrain;
  beforeAll(async () => {
    terrain = openDgm(await readDgmGeoTiff(bytesOf(dgm), 'dgm1.tif'), 'dgm1.tif');
  });

  it('names its grid, extent, heights and the geoid correction', () => {
    const { info } = terrain;
    expect(info).toMatchObject({ srsName: 'EPSG:25832', width: 1000, height: 1000, cellSize: [1, 1] });
    expect(info.sampleType).toBe('Float32');
    expect(info.heightCorrection).toMatch(/^EGM96 .* added to /);
    // gdalinfo -stats: 49.549999, 94.370003, 99.999 % valid.
    expect(info.minHeight).toBeCloseTo(49.55, 4);
    expect(info.maxHeight).toBeCloseTo(94.37, 4);
    expect(info.noDataCells).toBeLessThan(100);
    expect(info.centreCorrection).toBeCloseTo(builtinEgm96().undulation(5.8727, 50.9822), 2);
    // Pixel centres at 280000.5 … 280999.5, 5652000.5 … 5652999.5: their corners by PROJ.
    const corners = execFileSync('gdaltransform', ['-s_srs', 'EPSG:25832', '-t_srs', 'EPSG:4326'], {
      input: '280000.5 5652000.5\n280999.5 5652000.5\n280000.5 5652999.5\n280999.5 5652999.5',
    })
      .toString()
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/).map(Number));
    expect(info.extent.west).toBeCloseTo(Math.min(...corners.map((c) => c[0]!)), 7);
    expect(info.extent.east).toBeCloseTo(Math.max(...corners.map((c) => c[0]!)), 7);
    expect(info.extent.south).toBeCloseTo(Math.min(...corners.map((c) => c[1]!)), 7);
    expect(info.extent.north).toBeCloseTo(Math.max(...corners.map((c) => c[1]!)), 7);
    // 1 m cells: the level whose 65-node tiles are at least that fine at 51° N (level 18: 1.19 m north-south).
    expect(info.maxLevel).toBe(19);
  });

  it('gives the deepest tiles the heights of gdallocationinfo + EGM96 within 0.05 m at 40 random points', async () => {
    let seed = 20261204;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const points: [number, number][] = [];
    for (let i = 0; i < 40; i++)
      points.push([5.8677 + random() * (5.8775 - 5.8677), 50.9788 + random() * (50.9858 - 50.9788)]);
    const expected = gdalBilinear(toUtm(points));
    const z = terrain.info.maxLevel;
    const size = tileSizeDegrees(z);
    const geoid = builtinEgm96();
    let worst = 0;
    for (const [i, [lon, lat]] of points.entries()) {
      const x = Math.floor((lon + 180) / size);
      const y = Math.floor((lat + 90) / size);
      const tile = await terrain.heightTile({ z, x, y });
      const height = heightInTile(tile, z, x, y, lon, lat);
      worst = Math.max(worst, Math.abs(height - (expected[i]! + geoid.undulation(lon, lat))));
    }
    console.log(`dgm test: largest difference at level ${z}: ${worst.toFixed(3)} m`);
    expect(worst).toBeLessThan(0.05);
  });

  it('is flat at the ellipsoid away from its data, and lists the tiles with data', async () => {
    const far = await terrain.heightTile({ z: 10, x: 0, y: 0 });
    expect(far.every((h) => h === 0)).toBe(true);
    // The root tile over the data (a hemisphere, far beyond UTM 32): no node on the 1 km grid, so flat, no throw.
    expect((await terrain.heightTile({ z: 0, x: 1, y: 0 })).every((h) => h === 0)).toBe(true);
    // A level-12 tile (about 3 × 5 km) around it: the grid's heights + EGM96, filled out to the tile's edge.
    const size = tileSizeDegrees(12);
    const around = await terrain.heightTile({
      z: 12,
      x: Math.floor((5.8727 + 180) / size),
      y: Math.floor((50.9822 + 90) / size),
    });
    expect(Math.min(...around)).toBeGreaterThan(49.5 + 45);
    expect(Math.max(...around)).toBeLessThan(94.4 + 48);
    const range = terrain.tileRange(terrain.info.maxLevel);
    expect(range.endX - range.startX).toBeGreaterThan(5);
    expect(range.endY - range.startY).toBeGreaterThan(5);
  });
});

/** Cesium's `AttributeCompression.octDecode` of two bytes: a unit vector. */
function octDecode(u: number, v: number): [number, number, number] {
  let x = (u / 255) * 2 - 1;
  let y = (v / 255) * 2 - 1;
  const z = 1 - Math.abs(x) - Math.abs(y);
  if (z < 0) {
    const ox = x;
    x = (1 - Math.abs(y)) * Math.sign(ox || 1);
    y = (1 - Math.abs(ox)) * Math.sign(y || 1);
  }
  const length = Math.hypot(x, y, z);
  return [x / length, y / length, z / length];
}

describe.skipIf(!hasData)('a dropped DGM as quantized meshes with vertex normals', () => {
  let terrain: DgmTerrain;
  beforeAll(async () => {
    terrain = openDgm(await readDgmGeoTiff(bytesOf(dgm), 'dgm1.tif'), 'dgm1.tif');
  });

  /** The tile (TMS) at level z over a point of the DGM's hillside. */
  const tileAt = (z: number) => {
    const size = tileSizeDegrees(z);
    return { z, x: Math.floor((5.872 + 180) / size), y: Math.floor((50.983 + 90) / size) };
  };

  it('keeps the height tile’s nodes at the deepest level (within the stated error) and tilts normals on slopes', async () => {
    const tile = tileAt(terrain.info.maxLevel);
    const parts = await terrain.meshTile(tile);
    const heights = await terrain.heightTile(tile);
    const count = parts.stats.vertices;
    expect(parts.quantizedVertices.length).toBe(count * 3);
    expect(parts.encodedNormals.length).toBe(count * 2);
    expect(parts.indices.length % 3).toBe(0);
    const n = DGM_TILE_SIZE - 1;
    const range = parts.maximumHeight - parts.minimumHeight;
    let worst = 0;
    let steepest = 0;
    const rad = Math.PI / 180;
    const degrees = tileSizeDegrees(tile.z);
    for (let i = 0; i < count; i++) {
      const column = Math.round((parts.quantizedVertices[i]! / 32767) * n);
      const row = Math.round((parts.quantizedVertices[count + i]! / 32767) * n);
      const height = parts.minimumHeight + (parts.quantizedVertices[2 * count + i]! / 32767) * range;
      // The height tile's rows run from the north.
      worst = Math.max(worst, Math.abs(height - heights[(n - row) * DGM_TILE_SIZE + column]!));
      // The angle between the vertex normal and the ellipsoid's normal (geodetic up) at the vertex.
      const lon = -180 + (tile.x + column / n) * degrees;
      const lat = -90 + (tile.y + row / n) * degrees;
      const normal = octDecode(parts.encodedNormals[2 * i]!, parts.encodedNormals[2 * i + 1]!);
      const cos =
        normal[0] * Math.cos(lat * rad) * Math.cos(lon * rad) +
        normal[1] * Math.cos(lat * rad) * Math.sin(lon * rad) +
        normal[2] * Math.sin(lat * rad);
      steepest = Math.max(steepest, Math.acos(Math.min(1, cos)) / rad);
    }
    // The deepest level's stated error, plus the 16-bit height quantisation (range / 32767) and float32.
    expect(worst).toBeLessThan(DGM_MAX_ERROR + range / 32767 + 0.001);
    // 1 m cells on the tile's slopes: normals tilted by several degrees (the heightmaps had no normals at all).
    expect(steepest).toBeGreaterThan(5);
    expect(steepest).toBeLessThan(80);
  });

  it('simplifies coarser tiles to the level’s geometric error', async () => {
    const tile = tileAt(terrain.info.maxLevel - 3);
    const parts = await terrain.meshTile(tile);
    expect(parts.stats.vertices).toBeLessThan(DGM_TILE_SIZE * DGM_TILE_SIZE);
    expect(levelError(tile.z, terrain.info.maxLevel, DGM_MAX_ERROR)).toBeGreaterThan(DGM_MAX_ERROR);
    // A tile far from the data: flat, two triangles.
    const far = await terrain.meshTile({ z: 10, x: 0, y: 0 });
    expect(far.stats.triangles).toBe(2);
    expect(far.maximumHeight).toBe(0);
  });
});

describe('a dropped DGM: files that are no terrain', () => {
  const grid = (values: number[], keys: Record<string, unknown>) =>
    writeArrayBuffer(Float32Array.from(values), {
      width: 2,
      height: 2,
      ModelPixelScale: [1, 1, 0],
      ModelTiepoint: [0, 0, 0, 280000, 5653000, 0],
      GTModelTypeGeoKey: 1,
      GDAL_NODATA: '-9999',
      ...keys,
    }) as ArrayBuffer;

  it('names the file and what was expected', async () => {
    await expect(readDgmGeoTiff(new TextEncoder().encode('no tiff').buffer, 'a.tif')).rejects.toThrow(
      /^a\.tif: not a GeoTIFF/,
    );
    const noCrs = await readDgmGeoTiff(grid([1, 2, 3, 4], { GeographicTypeGeoKey: 32767 }), 'b.tif');
    expect(() => openDgm(noCrs, 'b.tif')).toThrow(/^b\.tif: the GeoTIFF names no CRS/);
    const unknown = await readDgmGeoTiff(grid([1, 2, 3, 4], { ProjectedCSTypeGeoKey: 3035 }), 'c.tif');
    expect(() => openDgm(unknown, 'c.tif')).toThrow(/^c\.tif: unknown CRS EPSG:3035/);
    const empty = await readDgmGeoTiff(
      grid([-9999, -9999, -9999, -9999], { ProjectedCSTypeGeoKey: 25832 }),
      'd.tif',
    );
    expect(() => openDgm(empty, 'd.tif')).toThrow(DgmError);
    expect(() => openDgm(empty, 'd.tif')).toThrow(/^d\.tif: all 4 cells are NoData/);
    expect(() => readDgmText('1 2\n', 'e.xyz')).toThrow(/^e\.xyz: not an XYZ grid/);
  });

  it('reads an XYZ grid in the assumed ETRS89 / UTM 32N', async () => {
    const read = readDgmText(
      '280000 5652000 50\n280001 5652000 51\n280000 5652001 52\n280001 5652001 53\n',
      'f.xyz',
    );
    const terrain = openDgm(read, 'f.xyz');
    expect(terrain.info).toMatchObject({ srsName: 'EPSG:25832', assumedCrs: true, width: 2, minHeight: 50 });
    // What was added, as data for the viewer's language: EGM96 to heights of no named datum
    expect(terrain.info.heightsAdded).toEqual({ kind: 'geoid', model: 'EGM96', source: 'unknown' });
    expect(terrain.info.heightCorrection).toMatch(/^EGM96 .* added to heights of unknown kind/);
    const dhhn = { ...read, srsName: 'urn:ogc:def:crs,crs:EPSG::25832,crs:EPSG::7837' };
    expect(openDgm(dhhn, 'f.xyz').info.heightsAdded).toEqual({
      kind: 'geoid',
      model: 'EGM96',
      source: 'physical',
    });
    expect(openDgm(read, 'f.xyz', 'none').info.heightsAdded).toEqual({ kind: 'none', source: 'unknown' });
    expect(openDgm(read, 'f.xyz', { constantMetres: 47 }).info.heightsAdded).toEqual({
      kind: 'constant',
      metres: 47,
      source: 'unknown',
    });
  });

  it('reads an ESRI ASCII grid, whatever its name, and names its faults and a size too large to hold', () => {
    const asc = 'ncols 2\nnrows 2\nxllcorner 280000\nyllcorner 5652000\ncellsize 1\n52 53\n50 51\n';
    const read = readDgmText(asc, 'g.asc');
    expect(read.sampleType).toBe('ESRI ASCII grid');
    // the same nodes and heights as the XYZ listing of the cell centres
    const xyz = readDgmText(
      '280000.5 5652000.5 50\n280001.5 5652000.5 51\n280000.5 5652001.5 52\n280001.5 5652001.5 53\n',
      'g.xyz',
    );
    expect({ ...read.grid, values: [...read.grid.values] }).toEqual({
      ...xyz.grid,
      values: [...xyz.grid.values],
    });
    expect(openDgm(read, 'g.asc').info).toMatchObject({ srsName: 'EPSG:25832', assumedCrs: true, width: 2 });
    // with the .prj dropped beside it (ETRS89 / UTM 33N, as in Berlin and Saxony): its CRS, not assumed
    const prj = {
      name: 'g.prj',
      text: 'PROJCS["ETRS_1989_UTM_Zone_33N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",15.0],PARAMETER["Scale_Factor",0.9996],UNIT["Meter",1.0]]',
    };
    const located = readDgmText(asc.replace('280000', '390000'), 'g.asc', prj);
    expect(located).toMatchObject({ srsName: 'EPSG:25833', sampleType: 'ESRI ASCII grid' });
    expect(located).not.toHaveProperty('assumedCrs');
    expect(() => readDgmText(asc, 'g.asc', { name: 'big.prj', text: '', bytes: 1e9 })).toThrow(
      "g.asc: big.prj: 1000000000 bytes, more than a coordinate system's WKT (65536)",
    );
    expect(() => readDgmText(asc, 'g.asc', { name: 'g.prj', text: 'LOCAL_CS["Baustelle"]' })).toThrow(
      /^g\.asc: g\.prj: not a coordinate system description/,
    );
    expect(() => readDgmText(asc.replace('50 51', '50 fifty'), 'h.asc')).toThrow(
      /^h\.asc: not an ESRI ASCII grid: line 7: expected a height \(a number\), got "fifty"$/,
    );
    expect(() =>
      readDgmText(asc.replace('ncols 2', 'ncols 9000').replace('nrows 2', 'nrows 9000'), 'i.asc'),
    ).toThrow(
      /^i\.asc: the grid has 9000 × 9000 cells \(81,000,000\), too many to show from a dropped file .*npm run terrain$/,
    );
  });
});

describe('a dropped DGM: LZW-compressed and damaged GeoTIFFs', () => {
  /** A Float32 grid in EPSG:25832 with 1 m cells, its strips made by `strip` from their raw bytes. */
  const lzwGrid = (
    width: number,
    height: number,
    rowsPerStrip: number,
    strip: (raw: Uint8Array, index: number) => Uint8Array,
  ) => {
    const values = Float32Array.from({ length: width * height }, (_, i) => 50 + ((i * 7) % 13) / 4);
    const bytes = new Uint8Array(values.buffer);
    const strips: Uint8Array[] = [];
    for (let row = 0; row < height; row += rowsPerStrip) {
      const end = Math.min(height, row + rowsPerStrip) * width * 4;
      strips.push(strip(bytes.subarray(row * width * 4, end), strips.length));
    }
    const file = stripTiff({
      width,
      height,
      rowsPerStrip,
      strips,
      compression: 5,
      epsg: 25832,
      pixelScale: [1, 1],
      tiePoint: [280000, 5653000],
    });
    return { file, values };
  };

  it('reads LZW strips (the last one shorter) to the heights that were written', async () => {
    const { file, values } = lzwGrid(9, 7, 2, (raw) => encodeTiffLzw(raw).bytes);
    const read = await readDgmGeoTiff(arrayBufferOf(file), 'lzw.tif');
    expect(read).toMatchObject({ srsName: 'EPSG:25832', sampleType: 'Float32' });
    expect([...read.grid.values]).toEqual([...values]);
  });

  it('names the file and the damaged LZW data for the fuzzed 279-byte GeoTIFF (a strip whose codes refer to themselves)', async () => {
    // The strip's codes 65, 259, 65, 259: geotiff's own decoder made entry 259 refer to itself and then ran out
    // of memory in a loop, taking the process down (a fatal V8 error, not an exception).
    const { file } = lzwGrid(2, 2, 2, () =>
      packCodes([
        [65, 9],
        [259, 9],
        [65, 9],
        [259, 9],
      ]),
    );
    expect(file.length).toBe(279);
    const read = readDgmGeoTiff(arrayBufferOf(file), 'crafted.tif');
    await expect(read).rejects.toThrow(DgmError);
    await expect(read).rejects.toThrow(
      /^crafted\.tif: could not read the heights: LZW data damaged at code 2 \(bit 9\): 259 is beyond the dictionary/,
    );
  });

  it('reads the rest of a file with a damaged strip: its band of rows is no data, named with the rows', async () => {
    // 70 rows in strips of 2, read in bands of 64 rows: strip 33 (rows 66–67) damaged costs rows 64–69
    const { file, values } = lzwGrid(5, 70, 2, (raw, index) =>
      index === 33
        ? packCodes([
            [65, 9],
            [259, 9],
          ])
        : encodeTiffLzw(raw).bytes,
    );
    const read = await readDgmGeoTiff(arrayBufferOf(file), 'teils.tif');
    expect([...read.grid.values.subarray(0, 64 * 5)]).toEqual([...values.subarray(0, 64 * 5)]);
    expect([...read.grid.values.subarray(64 * 5)].every(Number.isNaN)).toBe(true);
    expect(read.partly).toEqual([
      {
        file: 'teils.tif',
        message: expect.stringMatching(
          /^rows 64–69 of 70 could not be read and are taken as no data \(LZW data damaged at code 2/,
        ) as unknown as string,
      },
    ]);
  });

  it('says that a strip is cut short when its LZW data ends early', async () => {
    // The second strip's stream cut in half (no EndOfInformation): fewer heights than its rows need.
    const { file } = lzwGrid(40, 6, 2, (raw, index) => {
      const stream = encodeTiffLzw(raw).bytes;
      return index === 1 ? stream.subarray(0, stream.length >> 1) : stream;
    });
    await expect(readDgmGeoTiff(arrayBufferOf(file), 'cut.tif')).rejects.toThrow(
      /^cut\.tif: could not read the heights: a strip or tile holds fewer bytes than its pixels need \(the file is cut off or damaged\)/,
    );
  });
});

describe('a dropped DGM: GeoTIFF layouts that geotiff would trust', () => {
  it('refuses tiles of one pixel and missing tile offsets before reading pixels, naming the file', async () => {
    // 4 KB claiming 2000 × 2000 tiles of one pixel with 4 offsets: the worker reached 3.3 GB and V8 aborted.
    const tiny = stripTiff({
      width: 2000,
      height: 2000,
      tileWidth: 1,
      rowsPerStrip: 1,
      strips: Array.from({ length: 4 }, () => new Uint8Array(4)),
      compression: 1,
      epsg: 25832,
      pixelScale: [1, 1],
      tiePoint: [280000, 5653000],
    });
    await expect(readDgmGeoTiff(arrayBufferOf(tiny), 'tiny-tiles.tif')).rejects.toThrow(
      /^tiny-tiles\.tif: expected tiles of at least 16 × 16 pixels/,
    );
    const few = stripTiff({
      width: 64,
      height: 64,
      tileWidth: 16,
      rowsPerStrip: 16,
      strips: Array.from({ length: 4 }, () => new Uint8Array(16 * 16 * 4)),
      compression: 1,
      epsg: 25832,
      pixelScale: [1, 1],
      tiePoint: [280000, 5653000],
    });
    await expect(readDgmGeoTiff(arrayBufferOf(few), 'few.tif')).rejects.toThrow(
      'few.tif: expected 16 tile offsets for 64 × 64 pixels, found 4 (the file is damaged)',
    );
  });
});

describe('a dropped DGM: XYZ grids too large to hold', () => {
  it('refuses a lattice its few points span before allocating it, naming points and lattice', () => {
    // 32 bytes whose lattice (extent 30000 m at 1 m spacing) would take 3.6 GB of heights: over DGM_MAX_CELLS
    // too, but the fault is the points' sparseness (no tileset of the terrain converter helps either).
    const huge = () => readDgmText('0 0 1\n1 0 1\n0 1 1\n30000 30000 1\n', 'huge.xyz');
    expect(huge).toThrow(DgmError);
    expect(huge).toThrow(
      /^huge\.xyz: not an XYZ grid: expected points that fill at least 1\/16 of their lattice, .*got 4 points on a lattice of 30001 × 30001 nodes/,
    );
    expect(huge).not.toThrow(/npm run terrain/);
    // Just over the limit (8001 × 8000 > 64 million) and sparse: the same.
    expect(8001 * 8000).toBeGreaterThan(DGM_MAX_CELLS);
    expect(() => readDgmText('0 0 1\n1 0 1\n0 1 1\n8000 7999 1\n', 'over.xyz')).toThrow(
      /^over\.xyz: not an XYZ grid: .*got 4 points on a lattice of 8001 × 8000 nodes/,
    );
  });
});
