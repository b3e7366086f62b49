/**
 * The CityGML reader against the real files in ../shared/data/citygml (expected counts from libcitygml
 * and ogrinfo, recorded in fixtures/expected-counts.json).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CityGmlError,
  collectGlobalAppearances,
  createCityGmlReader,
  polygonArea,
  readCityGml,
} from './index.ts';
import type { CityGmlReadOptions, CityObjectRecord, ReadSummary } from './index.ts';
import expectedCounts from './fixtures/expected-counts.json' with { type: 'json' };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = path.resolve(repoRoot, '../shared/data/citygml');
const hasData = existsSync(dataDir);
if (!hasData) console.warn(`CityGML reader data tests skipped: ${dataDir} not found`);
const ogrinfo = ['/usr/bin/ogrinfo', '/usr/local/bin/ogrinfo'].find((candidate) => existsSync(candidate));
if (hasData && ogrinfo === undefined)
  console.warn('CityGML reader ogrinfo cross-check skipped: ogrinfo (gdal-bin) not installed');

/** Top-level feature counts per layer from GDAL's GML driver (no .gfs written next to the data). */
function ogrFeatureCounts(file: string): Record<string, number> {
  const output = execFileSync(ogrinfo as string, ['-ro', '-so', '-al', '-oo', 'WRITE_GFS=NO', file], {
    encoding: 'utf8',
  });
  const counts: Record<string, number> = {};
  let layer = '';
  for (const line of output.split('\n')) {
    const name = /^Layer name: (.*)$/.exec(line);
    if (name) layer = name[1] as string;
    const count = /^Feature Count: (\d+)$/.exec(line);
    // GDAL lists global appearances (appearanceMember) as features too; they are not city objects
    if (count && layer !== '' && layer !== 'Appearance') counts[layer] = Number(count[1]);
  }
  return counts;
}

interface Expected {
  objectsByType?: Record<string, number>;
  buildingParts?: number;
  error?: string;
}

function readWhole(
  file: string,
  options: CityGmlReadOptions = {},
): { objects: CityObjectRecord[]; summary: ReadSummary } {
  const reader = createCityGmlReader({ file, ...options });
  const objects = reader.write(readFileSync(file, 'utf8'));
  const end = reader.close();
  return { objects: [...objects, ...end.objects], summary: end.summary };
}

function listCityGml(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => /\.(gml|xml|citygml)$/.test(entry))
    .map((entry) => path.join(dir, entry))
    .sort();
}

function allPolygons(records: CityObjectRecord[]): CityObjectRecord['polygons'] {
  const polygons: CityObjectRecord['polygons'] = [];
  const walk = (record: CityObjectRecord): void => {
    polygons.push(...record.polygons);
    record.parts.forEach(walk);
  };
  records.forEach(walk);
  return polygons;
}

function countParts(record: CityObjectRecord): number {
  return record.parts.reduce(
    (sum, part) => sum + (part.type === 'BuildingPart' ? 1 : 0) + countParts(part),
    0,
  );
}

/** Splits text into random chunks of 1..maxSize characters (deterministic pseudo-random sizes). */
function* randomChunks(text: string, maxSize: number, seed: number): Generator<string> {
  let state = seed;
  let index = 0;
  while (index < text.length) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const size = 1 + (state % maxSize);
    yield text.slice(index, index + size);
    index += size;
  }
}

async function readChunks(chunks: Iterable<string>, file: string): Promise<CityObjectRecord[]> {
  const records: CityObjectRecord[] = [];
  for await (const record of readCityGml(chunks, { file })) records.push(record);
  return records;
}

describe.skipIf(!hasData)('CityGML reader on real data', () => {
  const expectedFiles = expectedCounts.files as Record<string, Expected>;

  it('has an expected count for every CityGML file in the data folder', () => {
    const relative = listCityGml(dataDir).map((file) =>
      path.relative(dataDir, file).split(path.sep).join('/'),
    );
    expect(relative.filter((file) => !(file in expectedFiles))).toEqual([]);
  });

  for (const [relative, expected] of Object.entries(expectedFiles)) {
    it(`reads ${relative}`, () => {
      const file = path.join(dataDir, relative);
      if (expected.error !== undefined) {
        expect(() => readWhole(file)).toThrow(expected.error);
        return;
      }
      const { objects, summary } = readWhole(file);
      expect(summary.objectsByType).toEqual(expected.objectsByType);
      expect(summary.buildingParts).toBe(expected.buildingParts);
      const adeObjects = summary.warnings.filter((w) =>
        w.message.includes('application domain extension'),
      ).length;
      expect(objects.length + adeObjects).toBe(
        Object.values(summary.objectsByType).reduce((a, b) => a + b, 0),
      );
      expect(objects.reduce((sum, record) => sum + countParts(record), 0)).toBe(expected.buildingParts);
      expect(allPolygons(objects).length).toBe(summary.polygons);
      for (const polygon of allPolygons(objects)) {
        expect(polygon.positions.length % 3).toBe(0);
        expect(polygon.ringStarts[0]).toBe(0);
        expect(polygon.positions.every(Number.isFinite)).toBe(true);
      }
    });
  }

  describe.skipIf(ogrinfo === undefined)('agrees with ogrinfo (GDAL) on top-level objects', () => {
    const files = [
      'nrw-wesel-lod2/demo-block-2x2/LoD2_32_338_5729_1_NW.gml',
      'niedersachsen-lorup-lod1/LoD1_24105866_2_2021-01-25.gml',
      'berlin-lod2-tiles/3910_5819.gml',
      'citygml4j-samples/LOD2_CityObjectGroup_v100.gml',
      'libcitygml/BridgeAndBuilding.gml',
      'plateau-yokosuka-textured/52397519_bldg_6697_op.gml',
    ];
    for (const relative of files) {
      it(relative, () => {
        const file = path.join(dataDir, relative);
        expect(readWhole(file).summary.objectsByType).toEqual(ogrFeatureCounts(file));
      });
    }
  });

  it('fails on the IndoorGML file with file, line and what was expected', () => {
    const file = path.join(dataDir, 'val3dity-tudelft/FZK-Haus_full.gml');
    let caught: unknown;
    try {
      readWhole(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CityGmlError);
    const error = caught as CityGmlError;
    expect(error.file).toBe(file);
    expect(error.line).toBe(14);
    expect(error.expected).toBe('CityModel in a CityGML 1.0/2.0/3.0 namespace');
    expect(error.message).toContain('root element IndoorFeatures is not a CityGML CityModel');
    expect(error.message).toContain(`${file}:14:`);
  });

  it('reads the empty NRW tile whose envelope says NaN: no buildings, a warning, no crash', () => {
    const { objects, summary } = readWhole(path.join(dataDir, 'nrw-wesel-lod2/LoD2_32_324_5730_1_NW.gml'));
    expect(objects).toEqual([]);
    expect(summary.objectsByType).toEqual({});
    expect(summary.version).toBe('1.0');
    expect(summary.srsName).toBe('urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016');
    expect(summary.warnings.some((w) => w.message.includes('NaN') && w.line > 0)).toBe(true);
  });

  it('warns about a root without CityGML namespace and still reads it by local names', () => {
    const { objects, summary } = readWhole(
      path.join(dataDir, 'karlsruhe-g3m/lindenallee_kranichweg_v1_EPSG31467.gml'),
    );
    expect(summary.version).toBe('1.0');
    expect(summary.warnings.some((w) => w.message.includes('no CityGML namespace'))).toBe(true);
    expect(objects).toHaveLength(95);
    expect(objects[0]?.attributes.generic.RigdeHeight).toBe('123.351');
    expect(objects.every((record) => record.lod === 2 && record.polygons.length > 0)).toBe(true);
  });

  describe('NRW tile LoD2_32_329_5729_1_NW', () => {
    const file = path.join(dataDir, 'nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
    const text = hasData ? readFileSync(file, 'utf8') : '';

    it('resolves the xlinked solids into the semantic surfaces once each', () => {
      const { objects, summary } = readWhole(file);
      expect(objects).toHaveLength(33);
      expect(summary.buildingParts).toBe(17);
      expect(summary.warnings).toEqual([]);
      const polygons = allPolygons(objects);
      // every lod2Solid member is an xlink to one boundary-surface polygon: one polygon per xlink
      const xlinks = (text.match(/<gml:surfaceMember xlink:href="#/g) ?? []).length;
      const definedPolygons = (text.match(/<gml:Polygon /g) ?? []).length;
      expect(polygons).toHaveLength(definedPolygons);
      expect(polygons).toHaveLength(xlinks);
      const ids = polygons.map((polygon) => polygon.gmlId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(polygons.every((polygon) => polygon.lod === 2)).toBe(true);
      expect(polygons.every((polygon) => polygon.semantic !== 'unknown')).toBe(true);
      const semantics = new Set(polygons.map((polygon) => polygon.semantic));
      for (const semantic of ['roof', 'wall', 'ground']) expect(semantics).toContain(semantic);
      expect([...semantics].every((s) => ['roof', 'wall', 'ground', 'closure'].includes(s))).toBe(true);
      // srsName only on the root envelope
      expect(
        objects.every((record) => record.srsName === 'urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016'),
      ).toBe(true);
    });

    it('reads function, height, addresses, external references and generic attributes', () => {
      const { objects } = readWhole(file);
      const first = objects[0] as CityObjectRecord;
      expect(first.id).toBe('DENW34AL0000rEhL');
      expect(first.type).toBe('Building');
      expect(first.version).toBe('1.0');
      expect(first.line).toBe(11);
      expect(first.attributes.function).toBe('31001_2723');
      expect(first.attributes.roofType).toBe('3100');
      expect(first.attributes.measuredHeight).toBeCloseTo(6.137, 6);
      expect(first.attributes.measuredHeightUom).toBe('urn:adv:uom:m');
      expect(first.attributes.externalReferences).toEqual([
        {
          informationSystem: 'http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100',
          name: 'DENW34AL0000rEhL',
        },
      ]);
      expect(first.attributes.generic).toMatchObject({
        Gemeindeschluessel: '05170048',
        DatenquelleDachhoehe: '1000',
      });
      const withAllParts = (record: CityObjectRecord): CityObjectRecord[] => [
        record,
        ...record.parts.flatMap(withAllParts),
      ];
      const addresses = objects.flatMap(withAllParts).flatMap((record) => record.attributes.addresses);
      expect(addresses.length).toBe((text.match(/<core:Address /g) ?? []).length);
      expect(addresses.length).toBe(30);
      expect(
        addresses.every((address) => address.locality === 'Wesel' && address.country === 'Germany'),
      ).toBe(true);
      expect(
        addresses.every((address) => address.street !== undefined && address.houseNumber !== undefined),
      ).toBe(true);
      const functions = objects.map((record) => record.attributes.function);
      expect(functions.every((value) => value === undefined || /^\d{5}_\d{4}$/.test(value))).toBe(true);
      expect(functions).toContain('31001_2720');
      const withParts = objects.filter((record) => record.parts.length > 0);
      expect(withParts.length).toBeGreaterThan(0);
      for (const record of withParts) {
        for (const part of record.parts) {
          expect(part.type).toBe('BuildingPart');
          expect(part.lod).toBe(2);
          expect(part.polygons.length).toBeGreaterThan(3);
          expect(part.attributes.generic.DatenquelleDachhoehe).toBeDefined();
          expect(part.attributes.measuredHeight).toBeGreaterThan(0);
        }
      }
    });

    it('gives the same records whatever the chunk boundaries', async () => {
      const whole = readWhole(file).objects;
      const chunked = await readChunks(randomChunks(text, 3000, 7), file);
      expect(chunked).toEqual(whole);
    });
  });

  it('gives the same records for 1..16 character chunks (CityGML 3.0 file with parts and xlinks)', async () => {
    const file = path.join(
      dataDir,
      'ogc-citygml3-encodings/sig3d-examples-v3/Building_and_garage_LOD2-EPSG25832.gml',
    );
    const whole = readWhole(file).objects;
    const chunked = await readChunks(randomChunks(readFileSync(file, 'utf8'), 16, 42), file);
    expect(chunked).toEqual(whole);
    const tiny = await readChunks(randomChunks(readFileSync(file, 'utf8'), 2, 3), file);
    expect(tiny).toEqual(whole);
  });

  describe('CityGML 2.0 / 3.0 twins give the same geometry and attributes', () => {
    const names = [
      'Building_LOD0-EPSG25832.gml',
      'Building_LOD1-EPSG25832.gml',
      'Building_LOD1-LocalEngineeringCRS.gml',
      'Building_LOD2-EPSG25832.gml',
      'Building_LOD3-EPSG25832.gml',
      'Building_and_garage_LOD2-EPSG25832.gml',
    ];
    const pairs = names.map((name) => [
      `ogc-citygml3-encodings/sig3d-examples-v2/${name}`,
      `ogc-citygml3-encodings/sig3d-examples-v3/${name}`,
    ]);
    pairs.push([
      'tum-citygml2-to-3-pairs/CityGML_v2_extended.gml',
      'tum-citygml2-to-3-pairs/CityGML_v3_extended.gml',
    ]);

    for (const [v2, v3] of pairs as [string, string][]) {
      it(path.basename(v2), () => {
        const a = readWhole(path.join(dataDir, v2));
        const b = readWhole(path.join(dataDir, v3));
        expect(a.summary.version).toBe('2.0');
        expect(b.summary.version).toBe('3.0');
        const polygonsA = allPolygons(a.objects);
        const polygonsB = allPolygons(b.objects);
        expect(polygonsA.length).toBeGreaterThan(0);
        expect(polygonsB.length).toBe(polygonsA.length);
        const vertices = (polygons: typeof polygonsA): number =>
          polygons.reduce((n, p) => n + p.positions.length / 3, 0);
        expect(vertices(polygonsB)).toBe(vertices(polygonsA));
        const area = (polygons: typeof polygonsA): number =>
          polygons.reduce((sum, p) => sum + polygonArea(p.positions, p.ringStarts), 0);
        expect(Math.abs(area(polygonsB) - area(polygonsA))).toBeLessThan(area(polygonsA) * 0.001);
        const semantics = (polygons: typeof polygonsA): string[] => polygons.map((p) => p.semantic).sort();
        expect(semantics(polygonsB)).toEqual(semantics(polygonsA));
        const buildingA = a.objects.find((record) => record.type === 'Building') as CityObjectRecord;
        const buildingB = b.objects.find((record) => record.type === 'Building') as CityObjectRecord;
        expect(buildingB.lod).toBe(buildingA.lod);
        expect(buildingB.parts.length).toBe(buildingA.parts.length);
        const { externalReferences: refsA, ...attributesA } = buildingA.attributes;
        const { externalReferences: refsB, ...attributesB } = buildingB.attributes;
        expect(attributesB).toEqual(attributesA);
        // the twins differ in how they name the ALKIS object (name vs urn), not in the information system
        expect(refsB.map((r) => r.informationSystem)).toEqual(refsA.map((r) => r.informationSystem));
      });
    }
  });

  it('reads every generic attribute type of the SIG3D example', () => {
    const { objects } = readWhole(
      path.join(dataDir, 'njam-citygml-to-3dtiles/sig3d-genericattributes-citygml2.xml'),
    );
    const generic = (objects[0] as CityObjectRecord).attributes.generic;
    const text = readFileSync(
      path.join(dataDir, 'njam-citygml-to-3dtiles/sig3d-genericattributes-citygml2.xml'),
      'utf8',
    );
    const names = [...text.matchAll(/<gen:(\w+)Attribute name="([^"]+)"/g)];
    expect(names.length).toBe(9);
    const flat = { ...generic, ...(generic.Basismengen as object) };
    for (const [, kind, name] of names) {
      expect(flat).toHaveProperty([name as string]);
      const value = (flat as Record<string, unknown>)[name as string];
      expect(typeof value).toBe(
        kind === 'int' || kind === 'double' || kind === 'measure' ? 'number' : 'string',
      );
    }
    expect(generic.Basismengen).toEqual({ Höhe: 9, Grundflächen: 140, Volumen: 1260 });
  });

  it('reads xAL 3 addresses, generic attributes and the height of CityGML 3.0 buildings', () => {
    const { objects } = readWhole(
      path.join(
        dataDir,
        'ogc-citygml3-encodings/v3/JeffersonBuilding_CityGML3.0_LOD1_with_xAL3_CommonTypes.gml',
      ),
    );
    const building = objects[0] as CityObjectRecord;
    expect(building.lod).toBe(1);
    expect(building.attributes.generic).toMatchObject({
      hash: 'ODdDNFZYUVcrOi05MjUxODg1MzE',
      county: '11001',
    });
    expect(Object.keys(building.attributes.generic)).toHaveLength(11);
    expect(building.attributes.addresses).toHaveLength(1);
    expect(building.attributes.addresses[0]?.postalCode).toBeDefined();
    expect(building.attributes.measuredHeight).toBeGreaterThan(0);
  });

  it('chooses the LoD per building: highest up to maxLod, else what there is, or exactly the one asked for', () => {
    const lorup = readWhole(path.join(dataDir, 'niedersachsen-lorup-lod1/LoD1_24065860_2_2021-01-25.gml'));
    expect(lorup.objects.every((record) => record.lod === 1 || record.parts.length > 0)).toBe(true);
    const fzk = readWhole(path.join(dataDir, 'libcitygml/FZK-Haus-LoD0-KIT-IAI-KHH-B36-V1.gml'));
    expect(fzk.objects[0]?.lod).toBe(0);
    expect(fzk.objects[0]?.polygons.map((p) => p.semantic).sort()).toEqual(['ground', 'roof']);
    const plateau = path.join(dataDir, 'plateau-yokosuka-textured/52397519_bldg_6697_op.gml');
    const defaults = readWhole(plateau).objects;
    const lod1 = readWhole(plateau, { maxLod: 1 }).objects;
    const exact0 = readWhole(plateau, { lod: 0 }).objects;
    expect(defaults.some((record) => record.lod === 2)).toBe(true);
    expect(lod1.every((record) => record.lod <= 1)).toBe(true);
    expect(exact0.every((record) => record.lod === 0 || record.lod === -1)).toBe(true);
    expect(exact0.some((record) => record.lod === 0)).toBe(true);
    expect(allPolygons(exact0).every((p) => p.lod === 0)).toBe(true);
  });

  it('maps local X3DMaterial and ParameterizedTexture appearances onto polygons', () => {
    const { objects } = readWhole(path.join(dataDir, 'citygml4j-samples/lod3_building_v2.gml'));
    const polygons = allPolygons(objects);
    const textured = polygons.filter((p) => p.texture !== undefined);
    const coloured = polygons.filter((p) => p.material !== undefined);
    expect(textured.length).toBeGreaterThan(100);
    expect(coloured.length).toBeGreaterThan(100);
    for (const polygon of textured) {
      expect(polygon.texture?.imageUri).toMatch(/^appearances\/testtown-00\d\.(jpg|png)$/);
      expect(polygon.texture?.uv.length).toBe((polygon.positions.length / 3) * 2);
    }
    expect(coloured[0]?.material?.diffuse[0]).toBeCloseTo(0.588, 3);
  });

  it('applies PLATEAU global appearances (written after the buildings) with a first pass', async () => {
    const file = path.join(dataDir, 'plateau-yokosuka-textured/52397519_bldg_6697_op.gml');
    const onePass = readWhole(file);
    expect(allPolygons(onePass.objects).some((p) => p.texture !== undefined)).toBe(false);
    const late = onePass.summary.warnings.find((w) => w.message.includes('not applied'));
    expect(late?.message).toMatch(/^335 global appearance targets/);
    const text = readFileSync(file, 'utf8');
    const appearances = await collectGlobalAppearances(randomChunks(text, 5000, 1), { file });
    expect(appearances.textures.size).toBe((text.match(/<app:textureCoordinates /g) ?? []).length);
    const twoPass = readWhole(file, { globalAppearances: appearances });
    expect(twoPass.summary.warnings).toEqual([]);
    const textured = allPolygons(twoPass.objects).filter((p) => p.texture !== undefined);
    expect(textured).toHaveLength(335);
    for (const polygon of textured) {
      expect(polygon.texture?.imageUri).toMatch(/^52397519_bldg_6697_appearance\/.*\.jpg$/);
      expect(polygon.texture?.uv.length).toBe((polygon.positions.length / 3) * 2);
      expect(polygon.texture?.uv.every((v) => v >= -0.01 && v <= 1.01)).toBe(true);
    }
    // the same buildings and polygons either way
    expect(allPolygons(twoPass.objects).length).toBe(allPolygons(onePass.objects).length);
  });

  it('keeps ADE content out without losing the CityGML geometry around it', () => {
    const { objects, summary } = readWhole(path.join(dataDir, 'citygml4j-samples/lod2_test_ade_v2.gml'));
    expect(objects).toHaveLength(1);
    // the solid references a polygon inside test:IndustrialBuildingRoofSurface: resolved, as a roof
    expect(summary.warnings.filter((w) => w.message.includes('never resolved'))).toEqual([]);
    expect(objects[0]?.polygons.filter((p) => p.semantic === 'roof').length).toBeGreaterThan(0);
    expect(objects[0]?.polygons).toHaveLength(7);
  });
});
