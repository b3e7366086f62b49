import { describe, expect, it } from 'vitest';
import { parseSketchGeoJson } from '../../core/sketch/geojson.ts';
import { SKETCH_TEXTS, fill, formatSketchProblem, sketchCount } from './texts.ts';

describe('sketch texts', () => {
  it('has every text in German and English, none empty', () => {
    expect(Object.keys(SKETCH_TEXTS.en).sort()).toEqual(Object.keys(SKETCH_TEXTS.de).sort());
    for (const texts of [SKETCH_TEXTS.de, SKETCH_TEXTS.en]) {
      for (const text of Object.values(texts)) expect(text.trim()).not.toBe('');
    }
  });

  it('counts sketches in the singular and the plural', () => {
    expect(sketchCount(1, 'de')).toBe('1 Skizze');
    expect(sketchCount(3, 'de')).toBe('3 Skizzen');
    expect(sketchCount(0, 'en')).toBe('0 sketches');
    expect(sketchCount(1, 'en')).toBe('1 sketch');
    expect(fill(SKETCH_TEXTS.de.added, { kind: 'Stift', sketches: sketchCount(1, 'de') })).toBe(
      'Stift hinzugefügt (1 Skizze).',
    );
  });

  it('names the feature, the field, what was expected and what was found', () => {
    const { problems } = parseSketchGeoJson(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [7, 51, 200] },
            properties: { kind: 'text', colour: 'pink', width: 'thin', text: 'Bank' },
          },
        ],
      }),
    );
    expect(formatSketchProblem(problems[0]!, 'de')).toBe(
      'Skizze 1, Feld „properties.colour“: erwartet eines von “red”, “orange”, “magenta”, “blue”, “green”, ' +
        'gefunden "pink".',
    );
    expect(formatSketchProblem(problems[0]!, 'en')).toBe(
      'Sketch 1, field “properties.colour”: expected one of “red”, “orange”, “magenta”, “blue”, “green”, ' +
        'found "pink".',
    );
    const [whole] = parseSketchGeoJson('{"type":"Feature"}').problems;
    expect(formatSketchProblem(whole!, 'en')).toBe(
      'The file: expected a GeoJSON FeatureCollection with “features”, found {…}.',
    );
  });
});
