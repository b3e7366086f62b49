import { describe, expect, it } from 'vitest';
import type { SketchFeature } from '../../core/sketch/model.ts';
import { SAMPLE } from '../../core/sketch/sample.test-data.ts';
import { formatShareUrl, parseShareState } from '../state/share-state.ts';
import { describeShareProblem } from '../state/texts.ts';

const parseHref = (href: string) => {
  const url = new URL(href);
  return parseShareState(url.search, url.hash);
};

describe('sketch= in the shareable URL', () => {
  it('writes the sketches into the link, text notes included, and reads them back', () => {
    const href = formatShareUrl('http://127.0.0.1:4173/?renderScale=1', { city: 'demo', sketch: SAMPLE });
    const url = new URL(href);
    expect(url.search).toContain('sketch=fr2:71997804,512887235,22767,6598,1684,83,');
    expect(url.search).toContain('renderScale=1');
    expect(parseHref(href)).toEqual({ state: { city: 'demo', sketch: SAMPLE }, problems: [] });
  });

  it('moves a long sketch into the hash and still reads it back', () => {
    // Values on the 1e-7° grid, as the link keeps them.
    const long: SketchFeature = {
      kind: 'freehand',
      colour: 'blue',
      width: 'thick',
      points: Array.from({ length: 400 }, (_, i) => ({
        longitude: (72_000_000 + i * 100) / 1e7,
        latitude: (512_800_000 + Math.round(Math.sin(i / 9) * 1000)) / 1e7,
        height: 200 + (i % 7),
      })),
    };
    const href = formatShareUrl('http://127.0.0.1:4173/', { city: 'demo', sketch: [long] });
    const url = new URL(href);
    expect(url.search).toBe('');
    expect(url.hash).toContain('sketch=fb3:');
    expect(parseHref(href).state.sketch).toEqual([long]);
  });

  it('leaves the parameter out when there are no sketches', () => {
    expect(formatShareUrl('http://127.0.0.1:4173/', { city: 'demo', sketch: [] })).toBe(
      'http://127.0.0.1:4173/?city=demo',
    );
  });

  it('keeps the valid sketches of a damaged value and names the problem politely in both languages', () => {
    const { state, problems } = parseShareState('?sketch=lr1:72000000,512800000,20000,100,0,0;zz9:1', '');
    expect(state.sketch).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(describeShareProblem(problems[0]!, 'en')).toBe(
      '“sketch=lr1:72000000,512800000,20000,100,0,0;zz9:1” was ignored: Some sketches have an unknown kind, ' +
        'colour or width or incomplete coordinates; the others are shown.',
    );
    expect(describeShareProblem(problems[0]!, 'de')).toContain('Einige Skizzen');
  });
});
