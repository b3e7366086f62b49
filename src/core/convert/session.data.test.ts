/**
 * The conversion session (reader → CRS → triangulation) against the real files in ../shared/data/citygml:
 * CityGML 2.0/3.0 twins give the same meshes and properties, every object read is written or dropped with a
 * reason, files without a CRS fail with the CRS module's message, and an NRW vertex lands where PROJ puts it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCityGmlReader, sniffXmlEncoding } from '../citygml/index.ts';
import { CrsError } from '../crs/crs-error.ts';
import { meshArea } from '../geometry/measures.ts';
import type { BuildingMesh } from '../tiles/types.ts';
import { ConversionSession } from './session.ts';
import type { ConversionOptions } from './session.ts';
import { errorMessage } from '../errors.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = path.resolve(repoRoot, '../shared/data/citygml');
const hasData = existsSync(dataDir);
if (!hasData) console.warn(`Conversion session data tests skipped: ${dataDir} not found`);
const cs2cs = ['/usr/bin/cs2cs', '/usr/local/bin/cs2cs'].find((candidate) => existsSync(candidate));
if (hasData && cs2cs === undefined)
  console.warn('Conversion session PROJ cross-check skipped: cs2cs (proj-bin) not installed');

/** The file's text in the encoding its XML declaration names. */
function readText(file: string): string {
  const bytes = readFileSync(file);
  return new TextDecoder(sniffXmlEncoding(bytes)).decode(bytes);
}

/** Reads a whole file through a fresh session, as the converter CLI does (reader faults are recorded, not thrown). */
function convertFile(file: string, options: ConversionOptions = {}): ConversionSession {
  const session = new ConversionSession(options);
  const name = path.basename(file);
  const reader = createCityGmlReader({ file: name });
  try {
    for (const record of reader.write(readText(file))) session.add(record, name);
    const end = reader.close();
    for (const record of end.objects) session.add(record, name);
    session.addReadSummary(end.summary, name);
  } catch (error) {
    session.report.errors.push({ file: name, message: errorMessage(error) });
  }
  return session;
}

function listCityGml(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => /\.(gml|xml|citygml)$/.test(entry))
    .map((entry) => path.join(dir, entry))
    .sort();
}

/** Sum of the triangle areas of all meshes, m² (ECEF metres). */
function totalArea(meshes: BuildingMesh[]): number {
  let area = 0;
  for (const mesh of meshes) area += meshArea(mesh.positions, mesh.indices);
  return area;
}

function totalTriangles(meshes: BuildingMesh[]): number {
  let triangles = 0;
  for (const mesh of meshes) triangles += mesh.indices.length / 3;
  return triangles;
}

const SIG3D_TWINS = [
  'Building_LOD0-EPSG25832.gml',
  'Building_LOD1-EPSG25832.gml',
  'Building_LOD1-LocalEngineeringCRS.gml',
  'Building_LOD2-EPSG25832.gml',
  'Building_LOD3-EPSG25832.gml',
  'Building_and_garage_LOD2-EPSG25832.gml',
];

interface Twin {
  v2: string;
  v3: string;
  /** Differences of the source texts themselves, checked in the raw files: `[id, property, v2 value, v3 value]`. */
  sourceDifferences: [string, string, string, string][];
  options?: ConversionOptions;
}

const TWINS: Twin[] = [
  ...SIG3D_TWINS.map((name): Twin => {
    const twin: Twin = {
      v2: `ogc-citygml3-encodings/sig3d-examples-v2/${name}`,
      v3: `ogc-citygml3-encodings/sig3d-examples-v3/${name}`,
      sourceDifferences: [],
      // the local engineering CRS cannot be placed on the globe; its coordinates are EPSG:25832-like metres
      options: name.includes('Local') ? { overrideCrs: 'EPSG:25832' } : undefined,
    };
    // The 3.0 LoD3 example names its TIN relief "LOD4" (a copy-paste in the OGC example), the 2.0 one "LOD3".
    if (name === 'Building_LOD3-EPSG25832.gml') {
      twin.sourceDifferences.push([
        'GML_6bb30328-7599-4500-90ef-766fde6aa67b',
        'name',
        'Example TIN LOD3',
        'Example TIN LOD4',
      ]);
    }
    return twin;
  }),
  {
    v2: 'tum-citygml2-to-3-pairs/CityGML_v2_extended.gml',
    v3: 'tum-citygml2-to-3-pairs/CityGML_v3_extended.gml',
    // The converter of that repository writes the ALKIS object id as a URN in 3.0 (externalReference/name → identifier).
    sourceDifferences: [
      ['DEBY_LOD2_5744682', 'externalReference', 'DEBYvAAAAAAS3QeS', 'urn:adv:oid:DEBYvAAAAAAS3QeS'],
    ],
  },
];

describe.skipIf(!hasData)('ConversionSession on CityGML 2.0 / 3.0 twins', () => {
  for (const twin of TWINS) {
    it(`${twin.v2} ≡ ${path.basename(path.dirname(twin.v3))}/${path.basename(twin.v3)}`, () => {
      const v2 = convertFile(path.join(dataDir, twin.v2), twin.options);
      const v3 = convertFile(path.join(dataDir, twin.v3), twin.options);
      expect(v2.report.errors).toEqual([]);
      expect(v3.report.errors).toEqual([]);
      expect(v2.report.buildings.written).toBeGreaterThan(0);
      expect(v3.report.buildings).toEqual(v2.report.buildings);
      expect(v3.meshes.map((m) => m.id)).toEqual(v2.meshes.map((m) => m.id));

      const triangles2 = totalTriangles(v2.meshes);
      const triangles3 = totalTriangles(v3.meshes);
      expect(triangles2).toBeGreaterThan(0);
      expect(Math.abs(triangles3 - triangles2)).toBeLessThanOrEqual(triangles2 * 0.001);
      const area2 = totalArea(v2.meshes);
      const area3 = totalArea(v3.meshes);
      expect(area2).toBeGreaterThan(1);
      expect(Math.abs(area3 - area2)).toBeLessThanOrEqual(area2 * 0.001);

      const text2 = readText(path.join(dataDir, twin.v2));
      const text3 = readText(path.join(dataDir, twin.v3));
      for (const mesh2 of v2.meshes) {
        const mesh3 = v3.meshes.find((m) => m.id === mesh2.id);
        expect(mesh3, mesh2.id).toBeDefined();
        if (!mesh3) continue;
        // per object too, so that two errors cannot cancel out in the sums
        expect(mesh3.indices.length).toBe(mesh2.indices.length);
        const objectArea = meshArea(mesh2.positions, mesh2.indices);
        expect(Math.abs(meshArea(mesh3.positions, mesh3.indices) - objectArea)).toBeLessThanOrEqual(
          objectArea * 0.001,
        );
        const expected = { ...mesh2.properties };
        for (const [id, property, value2, value3] of twin.sourceDifferences) {
          if (id !== mesh2.id) continue;
          expect(mesh2.properties[property]).toBe(value2);
          expected[property] = value3;
          // the difference is in the published files, not made by the reader
          const raw3 = value3.split(': ').pop() as string;
          expect(text3).toContain(raw3);
          expect(text2).not.toContain(raw3);
        }
        expect(mesh3.properties).toEqual(expected);
      }
    });
  }
});

describe.skipIf(!hasData)('ConversionSession accounts for every object of every real file', () => {
  const files = hasData ? listCityGml(dataDir) : [];
  /** Files whose every building fails for a missing or local CRS (checked with the CRS message below). */
  const withoutCrs = new Set([
    'citygml4j-samples/LOD2_Building_v100.gml',
    'citygml4j-samples/LOD2_Buildings_v100.gml',
    'citygml4j-samples/invalid_building_v3.gml',
    'libcitygml/b1_lod2_cs_w_sem.gml',
    'libcitygml/b1_lod2_s.gml',
    'ogc-citygml3-encodings/sig3d-examples-v2/Building_LOD1-LocalEngineeringCRS.gml',
    'ogc-citygml3-encodings/sig3d-examples-v3/Building_LOD1-LocalEngineeringCRS.gml',
    'ogc-citygml3-encodings/v3/LocalCRS_CityGML3.gml',
    'ogc-citygml3-encodings/v3/ParkingGarage_CityGML3.0_LOD2_with_CityObjectRelations_and_XLinks.gml',
  ]);
  /** Not CityGML at all: the reader refuses it (its own tests check the message). */
  const notCityGml = new Set(['val3dity-tudelft/FZK-Haus_full.gml']);

  it('finds the data files', () => {
    expect(files.length).toBeGreaterThanOrEqual(50);
    for (const relative of [...withoutCrs, ...notCityGml])
      expect(existsSync(path.join(dataDir, relative))).toBe(true);
  });

  for (const file of files) {
    const relative = path.relative(dataDir, file).split(path.sep).join('/');
    it(`${relative}: written + dropped = read, every drop has a reason`, () => {
      const session = convertFile(file);
      const { report } = session;
      if (notCityGml.has(relative)) {
        expect(report.errors[0]?.message).toMatch(/^CityGML reader: .*not a CityGML CityModel/);
        return;
      }
      expect(report.errors).toEqual([]);
      const { buildings, otherObjects } = report;
      expect(buildings.written + buildings.dropped).toBe(buildings.read);
      const droppedOthers = report.dropped.length - buildings.dropped;
      expect(otherObjects.written + droppedOthers).toBe(otherObjects.read);
      expect(session.meshes.length).toBe(buildings.written + otherObjects.written);
      for (const dropped of report.dropped) {
        expect(dropped.reason.length, dropped.id).toBeGreaterThan(10);
        expect(dropped.file).toBe(path.basename(file));
        expect(dropped.line).toBeGreaterThan(0);
      }
      expect(report.triangles).toBe(totalTriangles(session.meshes));
      expect(report.polygons.triangulated + report.polygons.dropped).toBe(report.polygons.read);

      if (withoutCrs.has(relative)) {
        expect(buildings.read).toBeGreaterThan(0);
        expect(buildings.written).toBe(0);
        for (const dropped of report.dropped) expect(dropped.reason).toMatch(/CRS: .*pass an override CRS/);
      } else if (buildings.read > 0 && report.dropped.length === 0) {
        expect(buildings.written).toBe(buildings.read);
      }
    });
  }

  it('a file without srsName fails with the CRS message, and converts with overrideCrs', () => {
    const file = path.join(dataDir, 'citygml4j-samples/LOD2_Buildings_v100.gml');
    const session = convertFile(file);
    expect(() => session.transformerFor(undefined)).toThrow(CrsError);
    expect(() => session.transformerFor(undefined)).toThrow(
      'CRS: no srsName in the input: coordinates are in an unknown (possibly local) system; pass an override CRS such as "EPSG:25832"',
    );
    expect(session.report.buildings).toEqual({ read: 100, written: 0, dropped: 100 });
    expect(session.report.dropped[0]?.reason).toContain(
      'CRS: no srsName in the input: coordinates are in an unknown (possibly local) system',
    );

    const overridden = convertFile(file, { overrideCrs: 'EPSG:25832' });
    expect(overridden.report.buildings).toEqual({ read: 100, written: 100, dropped: 0 });
    expect(overridden.report.dropped).toEqual([]);
  });

  it('a local engineering CRS fails with the CRS message, and converts with overrideCrs', () => {
    const file = path.join(dataDir, 'ogc-citygml3-encodings/v3/LocalCRS_CityGML3.gml');
    const session = convertFile(file);
    expect(() => session.transformerFor('#local-CRS-1')).toThrow(
      'CRS: srsName "#local-CRS-1" names a local engineering CRS, which cannot be placed on the globe; pass an override CRS such as "EPSG:25832"',
    );
    expect(session.report.buildings.written).toBe(0);
    const overridden = convertFile(file, { overrideCrs: 'EPSG:25832' });
    expect(overridden.report.buildings).toEqual({ read: 1, written: 1, dropped: 0 });
  });

  it('a CRS without a definition names the code', () => {
    const session = convertFile(path.join(dataDir, 'libcitygml/BridgeAndBuilding.gml'));
    expect(session.report.buildings).toEqual({ read: 1, written: 0, dropped: 1 });
    expect(session.report.dropped[0]?.reason).toContain(
      'CRS: no projection definition for EPSG:23632 (srsName "EPSG:23632"); pass an override CRS',
    );
    // The problem travels as data, so a caller words it without reading the message.
    expect(session.report.dropped[0]?.crs).toEqual({ kind: 'unknown', srsName: 'EPSG:23632' });
  });
});

describe.skipIf(!hasData || cs2cs === undefined)('an NRW building lands where PROJ puts it', () => {
  it('DENW34AL0000rEhS: roof and wall vertices match cs2cs EPSG:25832+5773 → EPSG:4978 within 1 mm', () => {
    const file = path.join(dataDir, 'nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
    const buildingId = 'DENW34AL0000rEhS';
    const text = readText(file);
    const start = text.indexOf(`<bldg:Building gml:id="${buildingId}">`);
    expect(start).toBeGreaterThan(0);
    // first vertex of the first roof and of the first wall polygon of that building, as written in the file
    const sourceVertices = ['bldg:RoofSurface', 'bldg:WallSurface'].map((surface) => {
      const surfaceAt = text.indexOf(`<${surface}`, start);
      const match = /<gml:posList[^>]*>\s*([^<]+)</.exec(text.slice(surfaceAt, surfaceAt + 5000));
      expect(match, surface).not.toBeNull();
      const numbers = (match?.[1] ?? '').trim().split(/\s+/).slice(0, 3);
      expect(numbers).toHaveLength(3);
      return numbers.join(' ');
    });
    const projOutput = execFileSync(cs2cs as string, ['-f', '%.6f', 'EPSG:25832+5773', 'EPSG:4978'], {
      input: `${sourceVertices.join('\n')}\n`,
      encoding: 'utf8',
    });
    const expected = projOutput
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).slice(0, 3).map(Number));
    expect(expected).toHaveLength(2);

    const session = convertFile(file);
    const mesh = session.meshes.find((m) => m.id === buildingId);
    expect(mesh).toBeDefined();
    const positions = mesh?.positions ?? new Float64Array(0);
    for (const point of expected) {
      expect(point.every(Number.isFinite)).toBe(true);
      let nearest = Infinity;
      for (let i = 0; i < positions.length; i += 3) {
        const distance = Math.hypot(
          positions[i]! - point[0]!,
          positions[i + 1]! - point[1]!,
          positions[i + 2]! - point[2]!,
        );
        nearest = Math.min(nearest, distance);
      }
      console.info(
        `${buildingId}: nearest mesh vertex ${(nearest * 1000).toFixed(3)} mm from PROJ's ECEF point`,
      );
      expect(nearest).toBeLessThanOrEqual(0.001);
    }
  });
});
