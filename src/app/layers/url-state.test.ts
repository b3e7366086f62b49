import { describe, expect, it } from 'vitest';
import { DEMO_LAYERS } from './demo-config.ts';
import { initialLayerStates } from './model.ts';
import {
  changedLayerStates,
  formatLayerStatePatches,
  parseLayerStates,
  serializeLayerStates,
} from './url-state.ts';

const layers = DEMO_LAYERS.layers;

describe('layer state in the URL', () => {
  it('writes only layers that differ from the config, opacity in whole percent', () => {
    const states = initialLayerStates(layers);
    expect(serializeLayerStates(states, layers)).toBe('');
    states.schools = { visible: true, opacity: 0.8 };
    states['broadband-coverage'] = { visible: true, opacity: 0.55 };
    states['fibre-routes'] = { visible: false, opacity: 0.3 };
    expect(serializeLayerStates(states, layers)).toBe('schools:1:80,broadband-coverage:1,fibre-routes:0:30');
  });

  it('reads back what it writes', () => {
    const states = initialLayerStates(layers);
    states.schools = { visible: false, opacity: 0.35 };
    states['fibre-routes'] = { visible: true, opacity: 1 };
    const { states: read, warnings } = parseLayerStates(serializeLayerStates(states, layers));
    expect(warnings).toEqual([]);
    expect(read).toEqual({ schools: { visible: false, opacity: 0.35 }, 'fibre-routes': { visible: true } });
  });

  it('percent-encodes ids with separators and decodes them', () => {
    const layer = { ...layers[0]!, id: 'plan:a,b' };
    const text = serializeLayerStates({ 'plan:a,b': { visible: false, opacity: 1 } }, [layer]);
    expect(text).toBe('plan%3Aa%2Cb:0');
    expect(parseLayerStates(text).states).toEqual({ 'plan:a,b': { visible: false } });
  });

  it('ignores invalid values field by field, with a warning each', () => {
    const { states, warnings } = parseLayerStates('schools:2:50,fibre-routes:1:150,:1,x:1:2:3,ok:0,,bad:yes');
    expect(states).toEqual({
      schools: { opacity: 0.5 },
      'fibre-routes': { visible: true },
      ok: { visible: false },
    });
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toMatch(/visibility of "schools" must be 0 or 1/);
    expect(warnings[1]).toMatch(/opacity of "fibre-routes" must be 0\.\.100/);
  });

  it('lists changed states as patches and writes patches without a visibility not at all', () => {
    const states = initialLayerStates(layers);
    states.schools = { visible: !states.schools!.visible, opacity: states.schools!.opacity };
    expect(changedLayerStates(states, layers)).toEqual({ schools: { visible: states.schools.visible } });
    expect(formatLayerStatePatches({ a: { opacity: 0.5 }, b: { visible: true, opacity: 0.456 } })).toBe(
      'b:1:46',
    );
  });
});
