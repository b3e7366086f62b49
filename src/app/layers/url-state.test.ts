import { describe, expect, it } from 'vitest';
import { DEMO_LAYERS } from './demo-config.ts';
import { initialLayerStates } from './model.ts';
import { parseLayerStates, serializeLayerStates, withLayersParam } from './url-state.ts';

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

  it('sets and removes the parameter, keeping the others and readable separators', () => {
    const href = 'http://127.0.0.1:5173/?city=wuppertal&layers=old:1';
    expect(withLayersParam(href, 'schools:0,fibre-routes:1:40')).toBe(
      'http://127.0.0.1:5173/?city=wuppertal&layers=schools:0,fibre-routes:1:40',
    );
    expect(withLayersParam(href, '')).toBe('http://127.0.0.1:5173/?city=wuppertal');
  });
});
