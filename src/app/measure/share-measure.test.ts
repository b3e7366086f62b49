import { describe, expect, it } from 'vitest';
import { formatShareUrl, parseShareState } from '../state/share-state.ts';
import { describeShareProblem } from '../state/texts.ts';

const kept = [
  {
    kind: 'distance' as const,
    points: [
      { longitude: 7.1997804, latitude: 51.2887235, height: 227.67 },
      { longitude: 7.2004402, latitude: 51.2888919, height: 227.68 },
    ],
  },
  {
    kind: 'height' as const,
    points: [
      { longitude: 7.2, latitude: 51.28, height: 227 },
      { longitude: 7.2, latitude: 51.28, height: 198 },
    ],
  },
];

describe('measure= in the shareable URL', () => {
  it('writes kept measurements into the link and reads them back', () => {
    const href = formatShareUrl('http://127.0.0.1:4173/?renderScale=1', { city: 'demo', measure: kept });
    const url = new URL(href);
    expect(url.search).toContain(
      'measure=d:7.1997804,51.2887235,227.67,7.2004402,51.2888919,227.68%3Bh:7.2,51.28,227,7.2,51.28,198',
    );
    expect(url.search).toContain('renderScale=1');
    const { state, problems } = parseShareState(url.search, url.hash);
    expect(state.measure).toEqual(kept);
    expect(problems).toEqual([]);
  });

  it('leaves the parameter out when nothing is kept', () => {
    expect(formatShareUrl('http://127.0.0.1:4173/', { city: 'demo', measure: [] })).toBe(
      'http://127.0.0.1:4173/?city=demo',
    );
  });

  it('keeps the valid measurements of a damaged value and names the problem politely', () => {
    const { state, problems } = parseShareState('?measure=d:7.2,51.28,200,7.21,51.28,200;a:7,51', '');
    expect(state.measure).toHaveLength(1);
    expect(problems).toHaveLength(1);
    expect(describeShareProblem(problems[0]!, 'en')).toBe(
      '“measure=d:7.2,51.28,200,7.21,51.28,200;a:7,51” was ignored: Some measurements are not ' +
        '“d|h|a:lon,lat,height,…” with enough points; the others are shown.',
    );
  });
});
