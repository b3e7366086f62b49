import { describe, expect, it } from 'vitest';
import { describeMeasurement, measurementLabel } from './describe.ts';
import { MEASURE_STATE_DEFAULTS, measureReducer } from './session.ts';
import type { MeasureAction, MeasureState } from './session.ts';

const run = (actions: MeasureAction[], start: MeasureState = MEASURE_STATE_DEFAULTS) =>
  actions.reduce(measureReducer, start);
const p = (longitude: number, latitude: number, height: number) => ({ longitude, latitude, height });

describe('measureReducer', () => {
  it('collects distance points, removes the last one and finishes into a result', () => {
    const state = run([
      { type: 'tool', tool: 'distance' },
      { type: 'point', point: p(7.2, 51.27, 200) },
      { type: 'point', point: p(7.2001, 51.27, 200) },
      { type: 'point', point: p(7.2002, 51.27, 200) },
      { type: 'undo' },
      { type: 'finish' },
    ]);
    expect(state.current).toBeUndefined();
    expect(state.result?.points).toEqual([p(7.2, 51.27, 200), p(7.2001, 51.27, 200)]);
  });

  it('ignores points without a tool and drops a measurement finished with too few points', () => {
    expect(run([{ type: 'point', point: p(7, 51, 0) }]).current).toBeUndefined();
    const state = run([
      { type: 'tool', tool: 'area' },
      { type: 'point', point: p(7, 51, 0) },
      { type: 'point', point: p(7.001, 51, 0) },
      { type: 'finish' },
    ]);
    expect(state.result).toBeUndefined();
    expect(state.current).toBeUndefined();
  });

  it('measures a height from a sampled ground, and from a picked ground point below the top', () => {
    const sampled = run([
      { type: 'tool', tool: 'height' },
      { type: 'height', top: p(7.2, 51.27, 230), groundHeight: 200, attributeHeight: 29.5 },
    ]);
    expect(sampled.current).toMatchObject({ ground: 'sampled', attributeHeight: 29.5 });
    expect(sampled.current?.points[1]).toEqual(p(7.2, 51.27, 200));
    const picked = measureReducer(sampled, { type: 'point', point: p(7.2003, 51.2701, 201.25) });
    expect(picked.current).toBeUndefined();
    expect(picked.result?.points).toEqual([p(7.2, 51.27, 230), p(7.2, 51.27, 201.25)]);
    expect(picked.result?.ground).toBe('picked');
    expect(describeMeasurement(picked.result!, 'en')[0]).toBe('Height 28.75\u00a0m above the ground.');
    expect(describeMeasurement(picked.result!, 'de')[1]).toBe(
      'Gespeicherte Höhe (measuredHeight): 29,50\u00a0m.',
    );
  });

  it('keeps results as a layer, removes them one by one or all, and restores from a link', () => {
    let state = run([
      { type: 'tool', tool: 'distance' },
      { type: 'point', point: p(7, 51, 0) },
      { type: 'point', point: p(7.001, 51, 0) },
      { type: 'finish' },
      { type: 'keep' },
    ]);
    expect(state.kept).toEqual([{ kind: 'distance', points: [p(7, 51, 0), p(7.001, 51, 0)] }]);
    expect(state.result).toBeUndefined();
    state = measureReducer(state, { type: 'restore', kept: [...state.kept, ...state.kept] });
    expect(state.kept).toHaveLength(2);
    expect(measureReducer(state, { type: 'remove', index: 0 }).kept).toHaveLength(1);
    expect(measureReducer(state, { type: 'removeAll' }).kept).toEqual([]);
  });

  it('clears the measurement in progress on cancel and on a tool change', () => {
    const started = run([
      { type: 'tool', tool: 'area' },
      { type: 'point', point: p(7, 51, 0) },
    ]);
    expect(measureReducer(started, { type: 'cancel' }).current).toBeUndefined();
    expect(measureReducer(started, { type: 'tool', tool: 'distance' })).toMatchObject({ tool: 'distance' });
    expect(measureReducer(started, { type: 'tool', tool: 'distance' }).current).toBeUndefined();
  });
});

describe('describeMeasurement', () => {
  it('words a two-segment distance with totals and segments in German', () => {
    const lines = describeMeasurement(
      { kind: 'distance', points: [p(7.2, 51.27, 200), p(7.2, 51.2701, 200), p(7.2, 51.2701, 210)] },
      'de',
    );
    expect(lines[0]).toMatch(
      /^Strecke 21,13\u00a0m \(3D\), waagerecht 11,13\u00a0m, Höhenunterschied \+10,00\u00a0m\.$/,
    );
    expect(lines.slice(1)).toEqual(['Abschnitt 1: 11,13\u00a0m', 'Abschnitt 2: 10,00\u00a0m']);
  });

  it('words an area and labels it in square metres; nothing before enough points', () => {
    const square = {
      kind: 'area' as const,
      points: [p(7.2, 51.27, 200), p(7.2001, 51.27, 200), p(7.2001, 51.2701, 200), p(7.2, 51.2701, 200)],
    };
    expect(describeMeasurement(square, 'en')[0]).toMatch(
      /^Area 77\.\d\d\u00a0m² \(3D\), horizontal projection/,
    );
    expect(measurementLabel(square, 'de')).toMatch(/^77,\d\d\u00a0m²$/);
    expect(describeMeasurement({ kind: 'area', points: square.points.slice(0, 2) }, 'en')).toEqual([]);
  });
});
