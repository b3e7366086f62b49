import { describe, expect, it } from 'vitest';
import { SAMPLE } from './sample.test-data.ts';
import { formatSketches, parseSketches } from './url.ts';

describe('sketch= URL value', () => {
  it('writes the first point absolute and the others as differences, in 1e-7° and cm', () => {
    expect(formatSketches([SAMPLE[0]!])).toBe('fr2:71997804,512887235,22767,6598,1684,83,598,1081,50');
  });

  it('reads back the same sketch, text notes included', () => {
    const value = formatSketches(SAMPLE);
    expect(value).not.toMatch(/[<>&"\s]/);
    expect(parseSketches(value)).toEqual({ features: SAMPLE, ignored: 0 });
  });

  it('rounds to centimetres and 1e-7 degrees', () => {
    const [feature] = parseSketches(
      formatSketches([
        {
          kind: 'line',
          colour: 'orange',
          width: 'thin',
          points: [
            { longitude: 7.123456789, latitude: 51.000000049, height: 100.004 },
            { longitude: -7.1, latitude: -51, height: -20.126 },
          ],
        },
      ]),
    ).features;
    expect(feature!.points).toEqual([
      { longitude: 7.1234568, latitude: 51, height: 100 },
      { longitude: -7.1, latitude: -51, height: -20.13 },
    ]);
  });

  it('keeps the valid entries of a damaged value and counts the others', () => {
    const good = formatSketches([SAMPLE[2]!]);
    const parsed = parseSketches(
      `${good};xr2:1,2,3;fr2:1,2;lr2:1,2,3;tr2:1,2,3;tr2:1,2,3~;fr9:1,2,3,4,5,6;fr2:1800000001,0,0,0,0,0`,
    );
    expect(parsed.features).toEqual([SAMPLE[2]]);
    expect(parsed.ignored).toBe(7);
    expect(parseSketches('')).toEqual({ features: [], ignored: 0 });
  });
});
