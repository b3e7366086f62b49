import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSchoolsGeoJson, readSchoolsTable } from './schools.ts';
import {
  readGeoJsonLayer,
  readGeoJsonValue,
  readPointTable,
  readVectorLayer,
  vectorBounds,
} from './vector.ts';
import type { VectorLayer } from './vector.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schoolsDir = path.resolve(repoRoot, '../shared/data/schools/flensburg');
const haveData = existsSync(schoolsDir);
if (!haveData) console.warn(`vector data tests skipped: ${schoolsDir} not found (CI has it)`);

/** EPSG:25832 (500000, 5900000) in lon/lat degrees, from PROJ's cs2cs (EPSG:25832 → EPSG:4326). */
const UTM_POINT = { x: 500_000, y: 5_900_000, lon: 9, lat: 53.249266907 };

/** Vertices of feature `index` as [lon, lat] pairs. */
function vertices(layer: VectorLayer, index: number): [number, number][] {
  const feature = layer.features[index];
  if (!feature) throw new Error(`no feature ${index}`);
  const count = feature.parts.flat().reduce((a, b) => a + b, 0);
  const out: [number, number][] = [];
  for (let v = feature.start; v < feature.start + count; v++) {
    out.push([layer.coordinates[2 * v] as number, layer.coordinates[2 * v + 1] as number]);
  }
  return out;
}

describe('GeoJSON layers', () => {
  const collection = `{
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "id": 7, "geometry": {"type": "Point", "coordinates": [9.5, 54.8, 12]},
     "properties": {"name": "<b>A</b>", "n": 3, "tags": ["x"], "none": null}},
    {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[9, 54], [9.1, 54.1]]}, "properties": {}},
    {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [
      [[[9, 54], [9.01, 54], [9.01, 54.01], [9, 54]], [[9.002, 54.002], [9.004, 54.002], [9.004, 54.004], [9.002, 54.002]]],
      [[[9.1, 54], [9.11, 54], [9.11, 54.01], [9.1, 54]]]
    ]}, "properties": {"kind": "park"}},
    {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[9, 54], [9.1, 54]]]}, "properties": {}},
    {"type": "Feature", "geometry": null, "properties": {}}
  ]
}`;

  it('reads points, lines and (multi)polygons with parts, properties as text and problems by line', () => {
    const layer = readGeoJsonLayer(collection, { file: 'a.geojson' });
    expect(layer.sourceCrs).toBe('CRS84');
    expect(layer.features.map((f) => f.kind)).toEqual(['point', 'line', 'polygon']);
    expect(layer.features.map((f) => f.parts)).toEqual([[[1]], [[2]], [[4, 4], [4]]]);
    expect(layer.features.map((f) => f.line)).toEqual([4, 6, 7]);
    expect(layer.features[0]?.properties).toEqual({
      id: '7',
      name: '<b>A</b>',
      n: '3',
      tags: '["x"]',
      none: '',
    });
    expect(vertices(layer, 0)).toEqual([[9.5, 54.8]]);
    expect(vertices(layer, 2)).toHaveLength(12);
    expect(layer.coordinates).toHaveLength(2 * (1 + 2 + 12));
    expect(layer.problems).toEqual([
      {
        file: 'a.geojson',
        line: 11,
        message: 'GeoJSON reader: feature 3: a polygon ring needs at least 4 positions [lon, lat]',
      },
      { file: 'a.geojson', line: 12, message: 'GeoJSON reader: feature 4 has no geometry' },
    ]);
    expect(vectorBounds(layer.coordinates)).toEqual([9, 54, 9.5, 54.8]);
  });

  it('keeps properties and columns named __proto__ as text of their own', () => {
    const json =
      '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [9, 54]}, "properties": {"__proto__": "P"}}';
    const [feature] = readGeoJsonLayer(json, { file: 'p.geojson' }).features;
    expect(Object.entries(feature!.properties)).toEqual([['__proto__', 'P']]);
    const [row] = readPointTable('__proto__;lat;lon\nQ;54;9\n', { file: 'p.csv' }).features;
    expect(Object.entries(row!.properties)).toEqual([
      ['__proto__', 'Q'],
      ['lat', '54'],
      ['lon', '9'],
    ]);
  });

  it('reprojects from the CRS named in the legacy crs member (EPSG:25832 as an OGC URN)', () => {
    const layer = readGeoJsonLayer(
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::25832' } },
        features: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [UTM_POINT.x, UTM_POINT.y] },
            properties: {},
          },
        ],
      }),
    );
    expect(layer.sourceCrs).toBe('urn:ogc:def:crs:EPSG::25832');
    const [[lon, lat]] = vertices(layer, 0) as [[number, number]];
    expect(lon).toBeCloseTo(UTM_POINT.lon, 8);
    expect(lat).toBeCloseTo(UTM_POINT.lat, 8);
  });

  it('reads a single Feature and a bare geometry; refuses non-GeoJSON, bad JSON and unknown CRSs', () => {
    expect(
      readVectorLayer('{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}').features,
    ).toHaveLength(1);
    expect(readGeoJsonLayer('{"type":"LineString","coordinates":[[1,2],[3,4]]}').features[0]?.kind).toBe(
      'line',
    );
    expect(readGeoJsonLayer('{"a": 1}').problems[0]?.message).toMatch(/^GeoJSON reader: not GeoJSON/);
    const truncated = readGeoJsonLayer('{\n"type": "FeatureCollection",\n"features": [', { file: 't.json' });
    expect(truncated.problems[0]).toMatchObject({ file: 't.json', line: 3 });
    expect(truncated.problems[0]?.message).toMatch(/^GeoJSON reader: not valid JSON/);
    const unknown = readGeoJsonLayer(
      '{"type":"FeatureCollection","crs":{"properties":{"name":"EPSG:999999"}},"features":[]}',
    );
    expect(unknown.problems[0]?.message).toMatch(/CRS "EPSG:999999" cannot be used/);
  });

  it('reads nested GeometryCollections to 32 levels and reports a deeper one by its line, reading on', () => {
    const nested = (levels: number) =>
      '{"type":"GeometryCollection","geometries":['.repeat(levels) +
      '{"type":"Point","coordinates":[7.2,51.27]}' +
      ']}'.repeat(levels);
    const feature = (levels: number) => `{"type":"Feature","properties":{},"geometry":${nested(levels)}}`;
    const layer = readGeoJsonLayer(
      `{"type":"FeatureCollection","features":[\n${feature(32)},\n${feature(5000)},\n${feature(1)}\n]}`,
      { file: 'deep.geojson' },
    );
    expect(layer.features.map((f) => f.kind)).toEqual(['point', 'point']);
    expect(layer.problems).toHaveLength(1);
    expect(layer.problems[0]).toMatchObject({ file: 'deep.geojson', line: 3 });
    expect(layer.problems[0]?.message).toContain(
      'GeometryCollections nested deeper than 32 levels are not supported',
    );
  });

  it.skipIf(!haveData)('reads the 30 Flensburg schools at the same places as the school reader', () => {
    const text = readFileSync(path.join(schoolsDir, 'schulen_flensburg.geojson'), 'utf8');
    const layer = readGeoJsonLayer(text, { file: 'schulen_flensburg.geojson' });
    const schools = readSchoolsGeoJson(text).schools;
    expect(layer.problems).toEqual([]);
    expect(layer.features).toHaveLength(30);
    expect(schools).toHaveLength(30);
    schools.forEach((school, i) => {
      expect(vertices(layer, i)).toEqual([[school.lon, school.lat]]);
      expect(layer.features[i]?.line).toBe(school.line);
      expect(layer.features[i]?.properties.facility).toBe(school.properties.facility);
    });
  });
});

describe('point tables', () => {
  it('reads lon/lat columns with decimal commas (semicolon CSV) and reports bad rows by line', () => {
    const layer = readPointTable('Name;Breite;Länge\nA;54,5;9,25\nB;x;9\nC;54;9\n', { file: 'p.csv' });
    expect(layer.features.map((f) => f.properties.Name)).toEqual(['A', 'C']);
    expect(vertices(layer, 0)).toEqual([[9.25, 54.5]]);
    expect(layer.sourceCrs).toBe('CRS84');
    expect(layer.problems).toEqual([
      {
        file: 'p.csv',
        line: 3,
        message: 'CSV reader: no valid position; expected numbers in columns "Länge" and "Breite"',
      },
    ]);
  });

  it('reads easting/northing in EPSG:25832 by default, in the given CRS, or per row from a crs column', () => {
    const utm = readPointTable(`name,rechtswert,hochwert\nA,${UTM_POINT.x},${UTM_POINT.y}\n`);
    expect(utm.sourceCrs).toBe('EPSG:25832');
    const [[lon, lat]] = vertices(utm, 0) as [[number, number]];
    expect(lon).toBeCloseTo(UTM_POINT.lon, 8);
    expect(lat).toBeCloseTo(UTM_POINT.lat, 8);
    // x/y holding metres are easting/northing too
    const xy = readPointTable(`x,y\n${UTM_POINT.x},${UTM_POINT.y}\n`);
    expect(vertices(xy, 0)[0]?.[0]).toBeCloseTo(UTM_POINT.lon, 8);
    // EPSG:31467 (Gauss-Krüger zone 3) given by option and by column: same place, not the UTM one
    const gkOption = readPointTable('e,rechtswert,hochwert\nA,3500000,5900000\n', {
      projectedCrs: 'EPSG:31467',
    });
    const gkColumn = readPointTable('epsg;rechtswert;hochwert\n31467;3500000;5900000\n;500000;5900000\n');
    expect(gkOption.sourceCrs).toBe('EPSG:31467');
    expect(vertices(gkColumn, 0)).toEqual(vertices(gkOption, 0));
    expect(vertices(gkColumn, 0)[0]?.[0]).toBeCloseTo(9, 2); // DHDN → ETRS89 shifts it by ~70 m
    expect(vertices(gkColumn, 1)[0]?.[0]).toBeCloseTo(UTM_POINT.lon, 8);
    expect(gkColumn.sourceCrs).toBe('EPSG:31467, EPSG:25832');
  });

  it('says which columns it expected when there are none', () => {
    const layer = readPointTable('a,b\n1,2\n', { file: 'n.csv' });
    expect(layer.features).toEqual([]);
    expect(layer.problems[0]).toMatchObject({ file: 'n.csv', line: 1 });
    expect(layer.problems[0]?.message).toMatch(/^CSV reader: no position columns/);
  });

  it.skipIf(!haveData)(
    'reads the Flensburg CSV and the Schleswig-Holstein TSV like the school reader',
    () => {
      for (const [name, count] of [
        ['schulen_flensburg.csv', 30],
        ['schulen_schleswig_holstein.tsv', 989], // 59 of its 1048 rows have no position
      ] as const) {
        const text = readFileSync(path.join(schoolsDir, name), 'utf8');
        const layer = readVectorLayer(text, { file: name });
        const schools = readSchoolsTable(text).schools;
        expect(layer.features, name).toHaveLength(count);
        expect(schools, name).toHaveLength(count);
        schools.forEach((school, i) => expect(vertices(layer, i)).toEqual([[school.lon, school.lat]]));
      }
    },
  );
});

describe('reader options for configured layers', () => {
  it('keeps heights and feature indexes, and can leave feature ids out of the properties', () => {
    const text =
      '{"type":"FeatureCollection","features":[\n{"type":"Feature","geometry":null},\n{"type":"Feature","id":"f1","geometry":{"type":"MultiPoint","coordinates":[[7,51,203],[7.1,51.1]]},"properties":{"n":1}}\n]}';
    const layer = readGeoJsonLayer(text, { heights: true, omitFeatureIds: true });
    expect(layer.features.map((f) => [f.index, f.line, f.parts])).toEqual([[1, 3, [[1], [1]]]]);
    expect(layer.features[0]?.properties).toEqual({ n: '1' });
    expect(Array.from(layer.heights ?? [])).toEqual([203, NaN]);
    expect(readGeoJsonLayer(text).heights).toBeUndefined();
    expect(readGeoJsonLayer(text).features[0]?.properties.id).toBe('f1');
    const parsed = readGeoJsonValue(JSON.parse(text) as unknown, { heights: true });
    expect(parsed.features).toHaveLength(1);
    expect(parsed.problems[0]?.message).toMatch(/feature 0 has no geometry/);
  });

  it('reads positions from named table columns and names the columns used', () => {
    const named = readPointTable('name\tE\tN\nA\t7.2\t51.3\n', { longitudeColumn: 'E', latitudeColumn: 'N' });
    expect(Array.from(named.coordinates)).toEqual([7.2, 51.3]);
    expect(named.positionColumns).toEqual(['E', 'N']);
    expect(named.features[0]?.index).toBe(0);
    const missing = readPointTable('a,b\n1,2\n', {
      file: 'x.csv',
      longitudeColumn: 'E',
      latitudeColumn: 'N',
    });
    expect(missing.positionColumns).toBeUndefined();
    expect(missing.problems[0]?.message).toMatch(/^CSV reader: no position columns "E"\/"N"/);
  });
});
