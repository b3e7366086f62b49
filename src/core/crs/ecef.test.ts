import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrsError } from './crs-error.ts';
import { createEcefTransformer } from './ecef.ts';
import { builtinEgm96, geoidFromGrid } from './geoid.ts';
import { parseSrsName } from './srs-name.ts';

function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasProj = hasTool('cs2cs') && hasTool('projinfo');
if (!hasProj)
  console.warn('ecef.test: cs2cs/projinfo (Debian proj-bin) not installed; PROJ cross-checks skipped');

/** Runs PROJ's cs2cs on x y z lines; returns the output triples. */
function cs2cs(args: string[], points: number[][], format = '%.10f'): number[][] {
  const input = points.map((point) => point.join(' ')).join('\n') + '\n';
  const output = execFileSync('cs2cs', ['-f', format, ...args], { input, encoding: 'utf8' });
  return output
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
}

/** PROJ's own proj4 string for an EPSG CRS (with its +towgs84 Helmert parameters). */
function projString(epsg: number): string[] {
  const text = execFileSync('projinfo', [`EPSG:${epsg}`, '-o', 'PROJ', '-q'], { encoding: 'utf8' }).trim();
  return text.split(/\s+/).filter((token) => token !== '+type=crs');
}

/** Deterministic pseudo-random points in a box (x, y ranges in the CRS's units), heights 0–2000 m. */
function pointsIn(box: [number, number, number, number], count: number, seed: number): number[][] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const [minX, minY, maxX, maxY] = box;
  return Array.from({ length: count }, () => [
    minX + random() * (maxX - minX),
    minY + random() * (maxY - minY),
    Math.round(random() * 2000 * 1000) / 1000,
  ]);
}

function maxDistance(a: ArrayLike<number>, b: number[][]): number {
  let max = 0;
  b.forEach((point, index) => {
    const dx = (a[index * 3] ?? Number.NaN) - (point[0] ?? Number.NaN);
    const dy = (a[index * 3 + 1] ?? Number.NaN) - (point[1] ?? Number.NaN);
    const dz = (a[index * 3 + 2] ?? Number.NaN) - (point[2] ?? Number.NaN);
    max = Math.max(max, Math.hypot(dx, dy, dz));
  });
  return Number.isNaN(max) ? Number.POSITIVE_INFINITY : max;
}

/** Largest horizontal distance in metres between our lon/lat and PROJ's lon/lat (degrees). */
function maxHorizontalMetres(ours: number[][], theirs: number[][]): number {
  let max = Number.NEGATIVE_INFINITY;
  ours.forEach(([lon = 0, lat = 0], index) => {
    const [theirLon = Number.NaN, theirLat = Number.NaN] = theirs[index] ?? [];
    const north = (lat - theirLat) * 111_320;
    const east = (lon - theirLon) * 111_320 * Math.cos((lat * Math.PI) / 180);
    max = Math.max(max, Math.hypot(north, east));
  });
  return Number.isNaN(max) ? Number.POSITIVE_INFINITY : max;
}

const POINTS = 2000;
const GERMANY_UTM: Record<number, [number, number, number, number]> = {
  25832: [280_000, 5_250_000, 860_000, 6_100_000],
  25833: [280_000, 5_600_000, 520_000, 6_080_000],
};

describe.skipIf(!hasProj)('ECEF against PROJ cs2cs', () => {
  it.each([25832, 25833])(
    'EPSG:%i → EPSG:4978, heights as ellipsoidal, fast path and proj4 ≤ 1 mm',
    (epsg) => {
      const points = pointsIn(GERMANY_UTM[epsg] ?? [0, 0, 0, 0], POINTS, epsg);
      const reference = cs2cs([`EPSG:${epsg}`, 'EPSG:4978'], points, '%.6f');
      const srs = parseSrsName(`EPSG:${epsg}`);
      for (const utmFastPath of [true, false]) {
        const transformer = createEcefTransformer(srs, 'none', { utmFastPath });
        expect(transformer.horizontalMethod).toBe(utmFastPath ? 'utm-fast-path' : 'proj4');
        const ecef = transformer.toEcef(new Float64Array(points.flat()));
        expect(maxDistance(ecef, reference)).toBeLessThan(0.001);
      }
    },
  );

  it('EPSG:32755 (WGS 84 / UTM 55S, Melbourne) → EPSG:4978 ≤ 1 mm', () => {
    const points = pointsIn([250_000, 5_700_000, 400_000, 5_900_000], 500, 55);
    const reference = cs2cs(['EPSG:32755', 'EPSG:4978'], points, '%.6f');
    const ecef = createEcefTransformer(parseSrsName('EPSG:32755'), 'none').toEcef(
      new Float64Array(points.flat()),
    );
    expect(maxDistance(ecef, reference)).toBeLessThan(0.001);
  });

  it('EPSG:25832 + EGM96 heights → EPSG:4978 with the built-in grid ≤ 1 mm (cs2cs EPSG:25832+5773)', () => {
    const points = pointsIn(GERMANY_UTM[25832] ?? [0, 0, 0, 0], POINTS, 7);
    const reference = cs2cs(['EPSG:25832+5773', 'EPSG:4978'], points, '%.6f');
    const transformer = createEcefTransformer(parseSrsName('EPSG:25832'), builtinEgm96());
    expect(transformer.heightCorrection).toMatch(/^EGM96 .* added to heights of unknown kind/);
    const ecef = transformer.toEcef(new Float64Array(points.flat()));
    expect(maxDistance(ecef, reference)).toBeLessThan(0.001);
    // Without the geoid the same points are 40–50 m off: the comparison can fail.
    const noGeoid = createEcefTransformer(parseSrsName('EPSG:25832'), 'none').toEcef(
      new Float64Array(points.flat()),
    );
    expect(maxDistance(noGeoid, reference)).toBeGreaterThan(30);
  });

  it('EPSG:25833 + DHHN2016 (AdV code) with EGM96 → ellipsoidal heights as PROJ with egm96_15 ≤ 1 mm', () => {
    const points = pointsIn(GERMANY_UTM[25833] ?? [0, 0, 0, 0], POINTS, 9);
    const reference = cs2cs(['EPSG:25833+5773', 'EPSG:4979'], points);
    const transformer = createEcefTransformer(
      parseSrsName('urn:adv:crs:ETRS89_UTM33*DE_DHHN2016_NH*GCG2016'),
      builtinEgm96(),
    );
    expect(transformer.heightCorrection).toMatch(/added to DHHN2016 heights$/);
    let maxHeightError = 0;
    const ours = points.map(([x = 0, y = 0, z = 0], index) => {
      const [lon, lat, h] = transformer.toGeodetic(x, y, z);
      maxHeightError = Math.max(maxHeightError, Math.abs(h - (reference[index]?.[2] ?? Number.NaN)));
      return [lon, lat];
    });
    const referenceLonLat = reference.map(([lat = 0, lon = 0]) => [lon, lat]);
    expect(maxHorizontalMetres(ours, referenceLonLat)).toBeLessThan(0.001);
    expect(maxHeightError).toBeLessThan(0.001);
  });

  // Non-UTM CRSs through proj4, compared with PROJ using the same Helmert parameters (PROJ's own `projinfo`
  // strings; PROJ would otherwise pick grids such as BeTA2007 or CHENYX06 where installed). DHDN with
  // `datumShiftGrid: false`: its default is the built-in BeTA2007 grid (tested further down).
  const helmertCases: [number, [number, number, number, number]][] = [
    [31466, [2_480_000, 5_600_000, 2_600_000, 5_950_000]],
    [31467, [3_380_000, 5_260_000, 3_620_000, 6_100_000]],
    [31468, [4_380_000, 5_260_000, 4_620_000, 6_080_000]],
    [31469, [5_380_000, 5_600_000, 5_480_000, 6_000_000]],
    [21781, [490_000, 80_000, 830_000, 290_000]],
  ];
  it.each(helmertCases)('EPSG:%i → WGS84 lon/lat ≤ 1 mm (PROJ Helmert string)', (epsg, box) => {
    const points = pointsIn(box, POINTS, epsg);
    const reference = cs2cs([...projString(epsg), '+to', '+proj=longlat', '+datum=WGS84'], points);
    const transformer = createEcefTransformer(parseSrsName(`EPSG:${epsg}`), 'none', {
      datumShiftGrid: false,
    });
    expect(transformer.horizontalMethod).toBe('proj4');
    expect(transformer.datumShift).toMatch(/^Helmert \+towgs84=/);
    const ours = points.map(([x = 0, y = 0, z = 0]) => transformer.toGeodetic(x, y, z));
    expect(maxHorizontalMetres(ours, reference)).toBeLessThan(0.001);
  });

  it('EPSG:3068 Soldner Berlin → WGS84 lon/lat ≤ 1 mm (PROJ, DHDN Helmert EPSG:1777)', () => {
    const points = pointsIn([5_000, 5_000, 45_000, 35_000], POINTS, 3068);
    const [, ...cassini] = projString(3068);
    const definition = ['+proj=cass', ...cassini.filter((token) => !token.startsWith('+towgs84'))];
    definition.push(
      `+towgs84=${projString(31467)
        .find((token) => token.startsWith('+towgs84'))
        ?.slice(9)}`,
    );
    const reference = cs2cs([...definition, '+to', '+proj=longlat', '+datum=WGS84'], points);
    const transformer = createEcefTransformer(
      parseSrsName('urn:ogc:def:crs,crs:EPSG:6.12:3068,crs:EPSG:6.12:5783'),
      'none',
      { datumShiftGrid: false },
    );
    const ours = points.map(([x = 0, y = 0, z = 0]) => transformer.toGeodetic(x, y, z));
    expect(maxHorizontalMetres(ours, reference)).toBeLessThan(0.001);
  });

  it('EPSG:7415 (RD New + NAP) → lon/lat ≤ 1 mm against cs2cs EPSG:28992 (EPSG:4833 Helmert)', () => {
    const points = pointsIn([13_000, 306_000, 278_000, 619_000], POINTS, 28992);
    const reference = cs2cs(['EPSG:28992', 'EPSG:4326'], points).map(([lat = 0, lon = 0]) => [lon, lat]);
    const transformer = createEcefTransformer(parseSrsName('urn:ogc:def:crs:EPSG::7415'), builtinEgm96());
    expect(transformer.heightCorrection).toMatch(/added to NAP heights$/);
    const ours = points.map(([x = 0, y = 0, z = 0]) => transformer.toGeodetic(x, y, z));
    expect(maxHorizontalMetres(ours, reference)).toBeLessThan(0.001);
  });

  // DHDN by default: the built-in BeTA2007 grid, against PROJ's own default operation (EPSG:15948 / "DHDN to
  // WGS 84 (4)", hgridshift BETA2007) straight to ECEF. cs2cs reads EPSG:31466–31469 and 3068 northing first.
  const dhdnCases: [string, [number, number, number, number], boolean][] = [
    ['EPSG:31466', [2_480_000, 5_600_000, 2_600_000, 5_950_000], true],
    ['EPSG:31467', [3_380_000, 5_260_000, 3_620_000, 6_100_000], true],
    ['EPSG:31468', [4_380_000, 5_260_000, 4_620_000, 6_080_000], true],
    ['EPSG:31469', [5_380_000, 5_600_000, 5_480_000, 6_000_000], true],
    ['EPSG:5677', [3_380_000, 5_260_000, 3_620_000, 6_100_000], false],
    ['EPSG:3068', [-5_000, -5_000, 55_000, 45_000], true],
  ];
  it.each(dhdnCases)(
    '%s → EPSG:4978 with the built-in BeTA2007 grid ≤ 1 mm against cs2cs default (BETA2007.gsb)',
    (code, box, northFirst) => {
      const points = pointsIn(box, POINTS, Number(code.slice(5)) + 2007);
      const reference = cs2cs(
        [code, 'EPSG:4978'],
        points.map(([x = 0, y = 0, z = 0]) => (northFirst ? [y, x, z] : [x, y, z])),
        '%.6f',
      );
      const transformer = createEcefTransformer(parseSrsName(code), 'none');
      const ecef = transformer.toEcef(new Float64Array(points.flat()));
      expect(transformer.datumShift).toMatch(/^NTv2 grid BETA2007 \(built-in/);
      expect(transformer.datumShift).not.toMatch(/WARNING/);
      expect(maxDistance(ecef, reference)).toBeLessThan(0.001);
      // The Helmert alone is decimetres (Berlin) to metres away from PROJ here: the comparison can fail.
      const helmert = createEcefTransformer(parseSrsName(code), 'none', { datumShiftGrid: false });
      expect(maxDistance(helmert.toEcef(new Float64Array(points.flat())), reference)).toBeGreaterThan(0.1);
    },
  );

  it.each([2, 3, 4, 5])('AdV DE_DHDN_3GK%i uses the built-in BeTA2007 grid like cs2cs', (zone) => {
    const epsg = 31464 + zone;
    const [, box = [0, 0, 0, 0]] = dhdnCases.find(([code]) => code === `EPSG:${epsg}`) ?? [];
    const points = pointsIn(box, 500, zone);
    const reference = cs2cs(
      [`EPSG:${epsg}`, 'EPSG:4978'],
      points.map(([x = 0, y = 0, z = 0]) => [y, x, z]),
      '%.6f',
    );
    const transformer = createEcefTransformer(
      parseSrsName(`urn:adv:crs:DE_DHDN_3GK${zone}*DE_DHHN92_NH`),
      'none',
    );
    expect(maxDistance(transformer.toEcef(new Float64Array(points.flat())), reference)).toBeLessThan(0.001);
    expect(transformer.datumShift).toMatch(/^NTv2 grid BETA2007 \(built-in[^;]*\)$/);
  });

  it('DHDN outside the BeTA2007 grid falls back to the Helmert like cs2cs, with a warning in datumShift', () => {
    // 5.2°E 50°N (Belgium), 16°E 51°N (Poland), 9°E 46.5°N (Switzerland): outside the grid; 5.7°E 50.5°N is
    // outside Germany but inside the grid, where PROJ still uses the grid.
    const points = [
      [3_227_623.9348, 5_547_203.3654, 100],
      [3_991_068.015, 5_674_870.3944, 200],
      [3_500_000, 5_151_140.3577, 300],
      [3_265_920.0226, 5_601_094.309, 0],
    ];
    const reference = cs2cs(
      ['EPSG:31467', 'EPSG:4258'],
      points.map(([x = 0, y = 0, z = 0]) => [y, x, z]),
    ).map(([lat = 0, lon = 0]) => [lon, lat]);
    const transformer = createEcefTransformer(parseSrsName('EPSG:31467'), 'none');
    expect(transformer.datumShift).not.toMatch(/WARNING/);
    const ours = points.map(([x = 0, y = 0, z = 0]) => transformer.toGeodetic(x, y, z));
    expect(maxHorizontalMetres(ours, reference)).toBeLessThan(0.001);
    expect(transformer.datumShift).toMatch(
      /^NTv2 grid BETA2007 .*; WARNING: 3 points outside the grid got the Helmert \+towgs84=598\.1,73\.7,418\.2,/,
    );
    // A grid-less Helmert transformer differs inside the grid, so the first three really took the fallback.
    const helmert = createEcefTransformer(parseSrsName('EPSG:31467'), 'none', { datumShiftGrid: false });
    const helmertOurs = points.map(([x = 0, y = 0, z = 0]) => helmert.toGeodetic(x, y, z));
    expect(helmertOurs.slice(0, 3)).toEqual(ours.slice(0, 3));
    expect(maxHorizontalMetres(helmertOurs.slice(3), reference.slice(3))).toBeGreaterThan(0.5);
  });

  it('records how far the DHDN Helmert is from PROJ with BeTA2007 (metres, under 5 m)', () => {
    const points = pointsIn([3_380_000, 5_260_000, 3_620_000, 6_100_000], 500, 2007);
    const reference = cs2cs(
      ['EPSG:31467', 'EPSG:4258'],
      points.map(([x = 0, y = 0, z = 0]) => [y, x, z]),
    ).map(([lat = 0, lon = 0]) => [lon, lat]);
    const transformer = createEcefTransformer(parseSrsName('EPSG:31467'), 'none', { datumShiftGrid: false });
    expect(transformer.datumShift).toMatch(/^Helmert \+towgs84=598.1,73.7,418.2,/);
    const ours = points.map(([x = 0, y = 0, z = 0]) => transformer.toGeodetic(x, y, z));
    const difference = maxHorizontalMetres(ours, reference);
    console.info(`ecef.test: DHDN Helmert vs BeTA2007 over GK zone 3: max ${difference.toFixed(3)} m`);
    expect(difference).toBeGreaterThan(0.01);
    expect(difference).toBeLessThan(5);
  });

  const betaPath = '/usr/share/proj/BETA2007.gsb';
  if (!existsSync(betaPath))
    console.warn(`ecef.test: ${betaPath} (Debian proj-data) absent; NTv2 test skipped`);
  it.skipIf(!existsSync(betaPath)).each([31466, 31467, 31468, 31469])(
    'EPSG:%i with the BeTA2007 NTv2 grid → lon/lat ≤ 1 mm against cs2cs +nadgrids=BETA2007.gsb',
    (epsg) => {
      const box = helmertCases.find(([code]) => code === epsg)?.[1] ?? [0, 0, 0, 0];
      const points = pointsIn(box, POINTS, epsg + 1);
      const [, ...tmerc] = projString(epsg);
      const grid = [
        '+proj=tmerc',
        ...tmerc.filter((token) => !token.startsWith('+towgs84')),
        '+nadgrids=BETA2007.gsb',
      ];
      const reference = cs2cs([...grid, '+to', '+proj=longlat', '+datum=WGS84'], points);
      const bytes = readFileSync(betaPath);
      const ntv2 = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const transformer = createEcefTransformer(parseSrsName(`EPSG:${epsg}`), 'none', {
        datumShiftGrid: { name: 'BETA2007', ntv2 },
      });
      expect(transformer.datumShift).toBe('NTv2 grid BETA2007');
      const ours = points.map(([x = 0, y = 0, z = 0]) => transformer.toGeodetic(x, y, z));
      expect(maxHorizontalMetres(ours, reference)).toBeLessThan(0.001);
      // Far outside Germany the grid has no value: the Helmert, and a warning, not a silently unshifted point.
      const outside = transformer.toGeodetic(box[0], 7_500_000, 0);
      const helmert = createEcefTransformer(parseSrsName(`EPSG:${epsg}`), 'none', { datumShiftGrid: false });
      expect(outside).toEqual(helmert.toGeodetic(box[0], 7_500_000, 0));
      expect(transformer.datumShift).toMatch(
        /^NTv2 grid BETA2007; WARNING: 1 point outside the grid got the Helmert/,
      );
    },
  );

  it('EPSG:4979 (lon/lat short form) is ellipsoidal: no geoid added, matches cs2cs EPSG:4979 → EPSG:4978', () => {
    const points = pointsIn([-77.01, 38.88, -77.0, 38.89], 200, 4979);
    const reference = cs2cs(
      ['EPSG:4979', 'EPSG:4978'],
      points.map(([lon = 0, lat = 0, h = 0]) => [lat, lon, h]),
      '%.6f',
    );
    const transformer = createEcefTransformer(parseSrsName('EPSG:4979'), builtinEgm96());
    expect(transformer.heightCorrection).toMatch(/^none: heights are ellipsoidal/);
    expect(maxDistance(transformer.toEcef(new Float64Array(points.flat())), reference)).toBeLessThan(0.001);
  });

  it('EPSG:6697 (PLATEAU, lat/lon order) with EGM96 outside the 15′ crop uses the 1° grid', () => {
    const transformer = createEcefTransformer(
      parseSrsName('http://www.opengis.net/def/crs/EPSG/0/6697'),
      builtinEgm96(),
    );
    const [lon, lat, h] = transformer.toGeodetic(35.28, 139.66, 10);
    expect(lon).toBeCloseTo(139.66, 9);
    expect(lat).toBeCloseTo(35.28, 9);
    const [reference] = cs2cs(['EPSG:4326+5773', 'EPSG:4979'], [[35.28, 139.66, 10]]);
    // EGM96 near Yokosuka is about 37 m; the 1° fallback grid is within a metre or so there.
    expect(Math.abs(h - (reference?.[2] ?? Number.NaN))).toBeLessThan(1.5);
    expect(h).toBeGreaterThan(40);
  });
});

describe('createEcefTransformer', () => {
  it('places the Wesel tile (AdV UTM32 + DHHN2016) at Wesel', () => {
    const transformer = createEcefTransformer(
      parseSrsName('urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016'),
      builtinEgm96(),
    );
    const [lon, lat, h] = transformer.toGeodetic(329_500, 5_729_500, 20);
    expect(lon).toBeGreaterThan(6.5);
    expect(lon).toBeLessThan(6.6);
    expect(lat).toBeGreaterThan(51.6);
    expect(lat).toBeLessThan(51.75);
    expect(h - 20).toBeGreaterThan(40);
    expect(h - 20).toBeLessThan(50);
    const ecef = transformer.toEcef(new Float64Array([329_500, 5_729_500, 20]));
    expect(Math.hypot(ecef[0] ?? 0, ecef[1] ?? 0, ecef[2] ?? 0)).toBeGreaterThan(6_360_000);
  });

  it('adds a constant offset and records it', () => {
    const srs = parseSrsName('urn:ogc:def:crs,crs:EPSG::25832,crs:EPSG::5783');
    const shifted = createEcefTransformer(srs, { constantMetres: 47.5 });
    expect(shifted.heightCorrection).toBe('constant +47.5 m added to DHHN92 heights');
    expect(shifted.toGeodetic(400_000, 5_700_000, 10)[2]).toBeCloseTo(57.5, 9);
    const none = createEcefTransformer(srs, 'none');
    expect(none.heightCorrection).toMatch(/^none: DHHN92 heights used as ellipsoidal heights/);
    expect(none.toGeodetic(400_000, 5_700_000, 10)[2]).toBe(10);
  });

  it('fails clearly for a CRS without definition and for points outside a geoid grid', () => {
    expect(() => createEcefTransformer(parseSrsName('EPSG:23632'), 'none')).toThrow(
      /^CRS: no projection definition for EPSG:23632/,
    );
    const small = geoidFromGrid({
      name: 'tiny grid',
      westDeg: 6,
      southDeg: 51,
      stepLonDeg: 1,
      stepLatDeg: 1,
      columns: 2,
      rows: 2,
      values: new Float64Array([40, 41, 42, 43]),
    });
    const transformer = createEcefTransformer(parseSrsName('EPSG:25832'), small);
    expect(transformer.toGeodetic(329_500, 5_729_500, 0)[2]).toBeGreaterThan(40);
    expect(() => transformer.toEcef(new Float64Array([800_000, 5_300_000, 0]))).toThrow(CrsError);
    expect(() => transformer.toEcef(new Float64Array([800_000, 5_300_000, 0]))).toThrow(
      /no value at .*tiny grid|tiny grid/,
    );
    expect(() => transformer.toEcef(new Float64Array([1, 2]))).toThrow(/triples/);
  });
});

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..', '../shared/data');
if (!existsSync(dataDir)) console.warn(`ecef.test: ${dataDir} is absent; real-data placement tests skipped`);

describe.skipIf(!existsSync(dataDir))(
  'real files land where they belong (srsName and first position as written)',
  () => {
    // [file under citygml/, expected longitude, latitude of the first position, degrees ±0.1]
    const cases: [string, number, number][] = [
      ['nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml', 6.53, 51.69],
      ['berlin-lod2-tiles/3920_5820.gml', 13.41, 52.52],
      ['libcitygml/berlin_open_data_sample_data.citygml', 13.38, 52.51],
      ['niedersachsen-lorup-lod1/LoD1_24065860_2_2021-01-25.gml', 7.64, 52.9],
      ['karlsruhe-g3m/lindenallee_kranichweg_v1_EPSG31467.gml', 8.33, 49.0],
      ['karlsruhe-g3m/test_sample_4326_lod2_single_building.gml', 8.39, 49.02],
      [
        'ogc-citygml3-encodings/v3/JeffersonBuilding_CityGML3.0_LOD1_with_xAL3_CommonTypes.gml',
        -77.01,
        38.89,
      ],
      ['plateau-shizuoka-small/52382287_bldg_6697_psc_op.gml', 138.35, 34.9],
      ['njam-citygml-to-3dtiles/delft-citygml2.xml', 4.36, 52.0],
      ['njam-citygml-to-3dtiles/zurich-lod2-citygml1.xml', 8.54, 47.37],
      ['ogc-citygml3-encodings/v3/citygml3_roads_4wayintersection.gml', 144.96, -37.81],
      ['ogc-citygml3-encodings/v3/historicalSuccession_CityGML_3.0_LOD2_Versioning.gml', 4.8, 45.7],
      ['tum-citygml2-to-3-pairs/CityGML_v2_extended.gml', 11.87, 48.03],
      ['libcitygml/FZK-Haus-LoD0-KIT-IAI-KHH-B36-V1.gml', 8.43, 49.1],
      ['bavaria-single-lod2/DEBY_LOD2_4959457.gml', 11.59, 48.15],
      ['citygml4j-samples/LOD0_Railway_NoiseADE_v200.gml', 6.34, 51.48],
    ];
    it.each(cases)('%s', (file, expectedLon, expectedLat) => {
      const text = readFileSync(path.join(dataDir, 'citygml', file), 'utf8');
      const srsName = /srsName="([^"]*)"/.exec(text)?.[1];
      const first = /<(?:gml:)?(?:posList|pos)\b[^>]*>\s*([^<]+)/
        .exec(text)?.[1]
        ?.trim()
        .split(/\s+/)
        .map(Number);
      const [x = Number.NaN, y = Number.NaN, z = 0] = first ?? [];
      const transformer = createEcefTransformer(parseSrsName(srsName), builtinEgm96());
      const [lon, lat, h] = transformer.toGeodetic(x, y, z);
      expect(Math.abs(lon - expectedLon), `longitude ${lon}`).toBeLessThan(0.1);
      expect(Math.abs(lat - expectedLat), `latitude ${lat}`).toBeLessThan(0.1);
      expect(Number.isFinite(h)).toBe(true);
    });
  },
);
