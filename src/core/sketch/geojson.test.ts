import { describe, expect, it } from 'vitest';
import { SKETCH_MARKER, isSketchHead, parseSketchGeoJson, sketchesToGeoJson } from './geojson.ts';
import { SAMPLE } from './sample.test-data.ts';

/** A feature as a hand-edited file may hold it. */
interface EditableFeature {
  type: string;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown[] };
}

describe('sketch GeoJSON', () => {
  it('writes positions with heights and the kind, colour, width and text, and reads the same sketch back', () => {
    const json = sketchesToGeoJson(SAMPLE);
    expect(json[SKETCH_MARKER]).toBe(1);
    expect(json.features.map((f) => f.geometry.type)).toEqual([
      'LineString',
      'Polygon',
      'LineString',
      'Point',
    ]);
    expect(json.features[0]!.geometry.coordinates[0]).toEqual([7.1997804, 51.2887235, 227.67]);
    expect(json.features[1]!.geometry.coordinates).toHaveLength(1);
    expect((json.features[1]!.geometry.coordinates[0] as number[][]).length).toBe(4);
    expect(json.features[3]!.geometry.coordinates).toEqual([7.2, 51.28, 230.25]);
    expect(json.features[3]!.properties).toEqual({
      kind: 'text',
      colour: 'magenta',
      width: 'medium',
      text: SAMPLE[3]!.text,
    });
    const text = JSON.stringify(json);
    expect(isSketchHead(text)).toBe(true);
    expect(parseSketchGeoJson(text)).toEqual({ features: SAMPLE, problems: [] });
  });

  it('tells a sketch from other GeoJSON by its marker', () => {
    expect(isSketchHead('{"type":"FeatureCollection","features":[]}')).toBe(false);
    expect(isSketchHead('[1,2]')).toBe(false);
  });

  it('keeps the valid features and names each faulty one, with what was expected', () => {
    const json = sketchesToGeoJson(SAMPLE) as unknown as { features: EditableFeature[] };
    json.features[0]!.properties.kind = 'cloud';
    json.features[1]!.properties.colour = 'pink';
    json.features[2]!.geometry.coordinates[1] = [7.2, 'north'];
    json.features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [7, 51] },
      properties: { kind: 'text', colour: 'red', width: 'thin', text: '  ' },
    });
    json.features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [[7, 51]] },
      properties: { kind: 'line', colour: 'red', width: 'thin' },
    });
    const { features, problems } = parseSketchGeoJson(JSON.stringify(json));
    expect(features).toEqual([SAMPLE[3]]);
    expect(problems).toEqual([
      {
        feature: 0,
        field: 'properties.kind',
        expected: { kind: 'one-of', values: ['freehand', 'line', 'arrow', 'polygon', 'text'] },
        found: '"cloud"',
      },
      {
        feature: 1,
        field: 'properties.colour',
        expected: { kind: 'one-of', values: ['red', 'orange', 'magenta', 'blue', 'green'] },
        found: '"pink"',
      },
      { feature: 2, field: 'geometry.coordinates[1]', expected: { kind: 'position' }, found: '[… 2]' },
      { feature: 4, field: 'properties.text', expected: { kind: 'text', max: 500 }, found: '" "' },
      {
        feature: 5,
        field: 'geometry.coordinates',
        expected: { kind: 'points', min: 2, max: 2 },
        found: '[… 1]',
      },
    ]);
  });

  it('reads positions without height at 0 m and refuses out-of-range ones', () => {
    const line = (coordinates: unknown) =>
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: { type: 'LineString', coordinates },
            properties: { kind: 'line', colour: 'red', width: 'thin' },
          },
        ],
      });
    expect(
      parseSketchGeoJson(
        line([
          [7, 51],
          [7.1, 51],
        ]),
      ).features[0]!.points[1],
    ).toEqual({ longitude: 7.1, latitude: 51, height: 0 });
    expect(
      parseSketchGeoJson(
        line([
          [7, 51, 0],
          [7.1, 95, 0],
        ]),
      ).problems[0]!.field,
    ).toBe('geometry.coordinates[1]');
  });

  it('reports text that is no JSON or no FeatureCollection as a whole', () => {
    expect(parseSketchGeoJson('{oops').problems[0]).toMatchObject({ field: '', expected: { kind: 'json' } });
    expect(parseSketchGeoJson('{"type":"Feature"}').problems).toEqual([
      { field: '', expected: { kind: 'feature-collection' }, found: '{…}' },
    ]);
  });
});
