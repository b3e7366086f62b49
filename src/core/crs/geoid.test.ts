import { execFileSync } from 'node:child_process';
import { writeArrayBuffer } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { CrsError } from './crs-error.ts';
import { EGM96_GERMANY_15MIN } from './data/egm96-germany.ts';
import { builtinEgm96, decodeBase64, geoidFromGrid, unpackGeoidGrid } from './geoid.ts';
import { GEOID_MAX_CELLS, readGeoidGeoTiff } from './geoid-geotiff.ts';
import { arrayBufferOf, stripTiff } from '../util/testing/tiff-writer.ts';

function hasCs2cs(): boolean {
  try {
    execFileSync('which', ['cs2cs'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasProj = hasCs2cs();
if (!hasProj) console.warn('geoid.test: cs2cs (Debian proj-bin) not installed; EGM96 cross-checks skipped');

/** EGM96 undulations from PROJ (egm96_15 grid) at lon/lat degrees. */
function projEgm96(points: [number, number][]): number[] {
  const input = points.map(([lon, lat]) => `${lat} ${lon} 0`).join('\n') + '\n';
  const output = execFileSync('cs2cs', ['-f', '%.6f', 'EPSG:4326+5773', 'EPSG:4979'], {
    input,
    encoding: 'utf8',
  });
  return output
    .trim()
    .split('\n')
    .map((line) => Number(line.trim().split(/\s+/)[2]));
}

describe('decodeBase64', () => {
  it('decodes standard base64 with and without padding', () => {
    expect([...decodeBase64('AAEC/w==')]).toEqual([0, 1, 2, 255]);
    expect(new TextDecoder().decode(decodeBase64('U3RhZHRtb2RlbGw'))).toBe('Stadtmodell');
    expect(() => decodeBase64('ab$d')).toThrow(CrsError);
  });
});

describe('geoidFromGrid', () => {
  // N = 40 + 2·(lon − 6) + 3·(lat − 50): bilinear interpolation reproduces a plane exactly.
  const plane = (lon: number, lat: number): number => 40 + 2 * (lon - 6) + 3 * (lat - 50);
  const columns = 5;
  const rows = 4;
  const values = new Float64Array(columns * rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++)
      values[row * columns + column] = plane(6 + column * 0.5, 50 + row);
  }
  const model = geoidFromGrid({
    name: 'plane',
    westDeg: 6,
    southDeg: 50,
    stepLonDeg: 0.5,
    stepLatDeg: 1,
    columns,
    rows,
    values,
  });

  it('interpolates bilinearly between nodes, including the last row and column', () => {
    for (const [lon, lat] of [
      [6, 50],
      [6.3, 50.7],
      [7.99, 52.2],
      [8, 53],
      [7.25, 51.5],
    ] as const) {
      expect(model.undulation(lon, lat)).toBeCloseTo(plane(lon, lat), 10);
    }
  });

  it('has no value outside the grid', () => {
    expect(model.undulation(5.99, 51)).toBeNaN();
    expect(model.undulation(8.01, 51)).toBeNaN();
    expect(model.undulation(7, 53.01)).toBeNaN();
  });
});

describe('readGeoidGeoTiff', () => {
  // A 4 × 3 grid, north-up, 0.25° pixels; row 0 is the northern row.
  const width = 4;
  const height = 3;
  const nodeValue = (column: number, row: number): number => 45 + column * 0.5 - row * 0.25;
  function writeGrid(rasterType: 1 | 2, noDataAt?: [number, number]): ArrayBuffer {
    const values = new Float32Array(width * height);
    for (let row = 0; row < height; row++) {
      for (let column = 0; column < width; column++) {
        const isNoData = noDataAt && noDataAt[0] === column && noDataAt[1] === row;
        values[row * width + column] = isNoData ? -9999 : nodeValue(column, row);
      }
    }
    return writeArrayBuffer(values, {
      width,
      height,
      ModelPixelScale: [0.25, 0.25, 0],
      ModelTiepoint: [0, 0, 0, 7, 52, 0],
      GeographicTypeGeoKey: 4258,
      GTModelTypeGeoKey: 2,
      GTRasterTypeGeoKey: rasterType,
      GDAL_NODATA: '-9999',
    });
  }

  it('reads a PixelIsPoint grid: nodes at the tie point', async () => {
    const model = await readGeoidGeoTiff(writeGrid(2), 'test grid');
    expect(model.name).toBe('test grid');
    expect(model.undulation(7, 52)).toBeCloseTo(nodeValue(0, 0), 6);
    expect(model.undulation(7.75, 51.5)).toBeCloseTo(nodeValue(3, 2), 6);
    expect(model.undulation(7.125, 51.875)).toBeCloseTo(
      (nodeValue(0, 0) + nodeValue(1, 0) + nodeValue(0, 1) + nodeValue(1, 1)) / 4,
      6,
    );
    expect(model.undulation(6.99, 52)).toBeNaN();
    expect(model.undulation(7, 52.01)).toBeNaN();
  });

  it('reads a PixelIsArea grid: nodes at pixel centres', async () => {
    const model = await readGeoidGeoTiff(writeGrid(1));
    expect(model.undulation(7.125, 51.875)).toBeCloseTo(nodeValue(0, 0), 6);
    expect(model.undulation(7.875, 51.375)).toBeCloseTo(nodeValue(3, 2), 6);
    expect(model.undulation(7.05, 51.9)).toBeNaN();
  });

  it('turns no-data nodes into NaN around them only', async () => {
    const model = await readGeoidGeoTiff(writeGrid(2, [3, 0]));
    expect(model.undulation(7.75, 52)).toBeNaN();
    expect(model.undulation(7.6, 51.9)).toBeNaN();
    expect(model.undulation(7.25, 51.75)).toBeCloseTo(nodeValue(1, 1), 6);
  });

  it('rejects bytes that are not a GeoTIFF', async () => {
    await expect(readGeoidGeoTiff(new Uint8Array([1, 2, 3, 4]).buffer)).rejects.toThrow(
      /^CRS: geoid GeoTIFF/,
    );
  });

  it('refuses a grid over GEOID_MAX_CELLS, and a damaged layout, naming the file, before reading pixels', async () => {
    // 12 000 × 12 000 nodes declared over one strip of 4 bytes: a 560 KB deflate strip of zeros like it took
    // 2.9 GB to read.
    const huge = stripTiff({
      width: 12000,
      height: 12000,
      rowsPerStrip: 12000,
      strips: [new Uint8Array(4)],
      compression: 1,
      epsg: 4258,
      geographic: true,
      pixelScale: [0.001, 0.001],
      tiePoint: [6, 54],
    });
    expect(12000 * 12000).toBeGreaterThan(GEOID_MAX_CELLS);
    await expect(readGeoidGeoTiff(arrayBufferOf(huge), 'huge.tif')).rejects.toThrow(
      'CRS: geoid GeoTIFF "huge.tif" has 12000 × 12000 nodes, more than the 64 million a geoid grid is read with',
    );
    const strips = Array.from({ length: 2 }, () => new Uint8Array(12 * 4));
    const cut = stripTiff({
      width: 12,
      height: 12,
      rowsPerStrip: 1,
      strips,
      compression: 1,
      epsg: 4258,
      geographic: true,
      pixelScale: [0.25, 0.25],
      tiePoint: [6, 54],
    });
    await expect(readGeoidGeoTiff(arrayBufferOf(cut), 'cut.tif')).rejects.toThrow(
      /^CRS: geoid GeoTIFF "cut\.tif" could not be read: expected 12 strip offsets for 12 × 12 pixels, found 2/,
    );
  });
});

describe('built-in EGM96', () => {
  it('unpacks the cropped grid with its declared size', () => {
    const grid = unpackGeoidGrid(EGM96_GERMANY_15MIN);
    expect(grid.values.length).toBe(65 * 57);
    // EGM96 over Germany and neighbours lies between about 25 and 55 m.
    expect(Math.min(...grid.values)).toBeGreaterThan(20);
    expect(Math.max(...grid.values)).toBeLessThan(60);
  });

  it.skipIf(!hasProj)('matches PROJ egm96_15 within 1 mm inside the 15′ crop (2000 points)', () => {
    let state = 3;
    const random = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const points = Array.from({ length: 2000 }, (): [number, number] => [
      2 + random() * 16,
      44 + random() * 14,
    ]);
    const reference = projEgm96(points);
    const model = builtinEgm96();
    const worst = Math.max(
      ...points.map(([lon, lat], index) => Math.abs(model.undulation(lon, lat) - (reference[index] ?? 0))),
    );
    expect(worst).toBeLessThan(0.001);
  });

  it.skipIf(!hasProj)(
    'matches PROJ within 5 mm on the 1° fallback nodes worldwide, across the antimeridian',
    () => {
      const nodes: [number, number][] = [
        [139, 35],
        [145, -38],
        [-77, 39],
        [179, 10],
        [-180, -20],
        [0, 0],
        [-60, 89],
        [20, -90],
      ];
      const reference = projEgm96(nodes);
      const model = builtinEgm96();
      nodes.forEach(([lon, lat], index) => {
        expect(Math.abs(model.undulation(lon, lat) - (reference[index] ?? 0))).toBeLessThan(0.005);
      });
      // Between 179.5°E and 179.5°W the fallback interpolates across the antimeridian.
      const east = model.undulation(179.999, 10);
      const west = model.undulation(-179.999, 10);
      expect(Math.abs(east - west)).toBeLessThan(0.05);
    },
  );
});
