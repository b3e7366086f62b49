import { describe, expect, it } from 'vitest';
import { parseKmlCoordinates, readKmlFeatures } from './kml.ts';

describe('KML coordinates', () => {
  it('reads tuples separated by any whitespace, with spaces around the commas or none', () => {
    expect(parseKmlCoordinates(' 6.95,50.94,0\n\t6.96 , 50.95 ,12   6.97,50.96 ')).toEqual([
      [6.95, 50.94],
      [6.96, 50.95],
      [6.97, 50.96],
    ]);
    expect(parseKmlCoordinates('6.95 ,50.94 6.96, 50.95')).toEqual([
      [6.95, 50.94],
      [6.96, 50.95],
    ]);
    expect(parseKmlCoordinates('   ')).toEqual([]);
  });

  it('reads long runs of whitespace between and inside tuples', () => {
    // a regular expression around the commas took 6 s on these 200 000 spaces (backtracking); now linear
    const spaces = ' '.repeat(100_000);
    expect(parseKmlCoordinates(`6.95,50.94${spaces}6.96${spaces},50.95`)).toEqual([
      [6.95, 50.94],
      [6.96, 50.95],
    ]);
  });
});

describe('KML placemark data', () => {
  it('keeps ExtendedData named like Object.prototype members as attributes', () => {
    const features = readKmlFeatures(`<?xml version="1.0"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Ort</name>
<ExtendedData><Data name="__proto__"><value>a</value></Data><Data name="constructor"><value>b</value></Data></ExtendedData>
<Point><coordinates>6.95,50.94</coordinates></Point></Placemark></Document></kml>`);
    expect(features).toHaveLength(1);
    const properties = features[0]!.properties as Record<string, unknown>;
    expect(Object.keys(properties).sort()).toEqual(['__proto__', 'constructor', 'name']);
    expect(Object.getOwnPropertyDescriptor(properties, '__proto__')?.value).toBe('a');
    expect(properties.constructor).toBe('b');
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
  });
});
