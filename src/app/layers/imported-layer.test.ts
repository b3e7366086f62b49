import { describe, expect, it } from 'vitest';
import { DEMO_LAYERS } from './demo-config.ts';
import type { LayerFeature } from './features.ts';
import { IMPORTED_GROUP, importedLayerColour, importedVectorLayer } from './imported-layer.ts';
import { initialLayerStates } from './model.ts';
import { serializeLayerStates } from './url-state.ts';

const feature = (kind: LayerFeature['kind'], id: string): LayerFeature => ({
  layerId: 'import-3',
  id,
  kind,
  coordinates: [[[7, 51]]],
  properties: {},
});

describe('imported vector files as layers', () => {
  it('are runtime layers of the group "Importiert" with the file name and the import colour', () => {
    const layer = importedVectorLayer('import-3', 'schulen.geojson', [
      feature('point', 'a'),
      feature('polygon', 'b'),
      feature('point', 'c'),
    ]);
    expect(layer).toEqual({
      id: 'import-3',
      group: 'imported',
      label: { de: 'schulen.geojson', en: 'schulen.geojson' },
      visible: true,
      opacity: 1,
      source: { type: 'imported', importId: 'import-3' },
      style: {
        geometry: 'points',
        color: importedLayerColour('import-3'),
        colorLabel: { de: 'Objekte der Datei', en: 'features of the file' },
      },
    });
    expect(IMPORTED_GROUP.label).toEqual({ de: 'Importiert', en: 'Imported' });
    expect(importedVectorLayer('import-4', 'a.geojson', [feature('polygon', 'a')]).style?.geometry).toBe(
      'polygons',
    );
    expect(importedVectorLayer('import-4', 'a.geojson', [feature('line', 'a')]).style?.geometry).toBe(
      'lines',
    );
  });

  it('keep their colour by import number, cycling through six colours', () => {
    const colours = ['import-1', 'import-2', 'import-3', 'import-4', 'import-5', 'import-6'].map(
      importedLayerColour,
    );
    expect(new Set(colours).size).toBe(6);
    expect(importedLayerColour('import-7')).toBe(importedLayerColour('import-1'));
    for (const colour of colours) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('stay out of the shared URL: their data are in memory only', () => {
    const imported = importedVectorLayer('import-1', 'a.csv', [feature('point', 'a')]);
    const layers = [...DEMO_LAYERS.layers, imported];
    const states = initialLayerStates(layers);
    states['import-1'] = { visible: false, opacity: 0.3 };
    expect(serializeLayerStates(states, layers)).toBe('');
    states.schools = { visible: !DEMO_LAYERS.layers[0]!.visible, opacity: 1 };
    expect(serializeLayerStates(states, layers)).toBe('schools:0');
  });
});
