import { useEffect } from 'react';
import { Cesium3DTileStyle, Cesium3DTileset } from 'cesium';
import type { Cesium3DTile, Viewer } from 'cesium';
import { classify } from '../../core/layers/joins.ts';
import { BUILDING_COLOUR_PROPERTIES, PROPERTY_LABELS, styleConditions } from './building-style.ts';
import type { BuildingColourProperty } from './building-style.ts';
import { attributeDisplayValue } from '../i18n/attribute-labels.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import type { LegendItem } from './features.ts';
import { LAYER_TEXTS } from './texts.ts';

type Language = 'de' | 'en';

/** Property values of the buildings in the loaded tiles of every tileset in the scene. */
function collectValues(viewer: Viewer, property: string): (string | number)[] {
  const values: (string | number)[] = [];
  const primitives = viewer.scene.primitives;
  for (let i = 0; i < primitives.length; i++) {
    const tileset: unknown = primitives.get(i);
    if (!(tileset instanceof Cesium3DTileset)) continue;
    const walk = (tile: Cesium3DTile) => {
      const content = tile.content as
        | { featuresLength?: number; getFeature?: (i: number) => unknown }
        | undefined;
      const count = content?.featuresLength ?? 0;
      for (let f = 0; f < count; f++) {
        const feature = content?.getFeature?.(f) as { getProperty(name: string): unknown } | undefined;
        if (feature?.getProperty('objectType') !== 'Building') continue;
        const value = feature.getProperty(property);
        if (typeof value === 'number' && Number.isFinite(value) && value > -1e300) values.push(value);
        else if (typeof value === 'string' && value !== '') values.push(value);
      }
      for (const child of tile.children) walk(child);
    };
    walk(tileset.root);
  }
  return values;
}

/**
 * Colours the buildings of every tileset by an attribute of the tileset metadata: classes computed by the
 * core's `classify` (quantiles for numbers, categories otherwise) from the values in the loaded tiles, applied
 * as a `Cesium3DTileStyle`; reports the legend. `undefined` restores the normal colours.
 */
export function BuildingColours({
  property,
  onLegend,
  language,
}: {
  property: BuildingColourProperty | undefined;
  onLegend: (legend: LegendItem[] | undefined) => void;
  language: Language;
}) {
  const viewer = useViewer();
  useEffect(() => {
    const tilesets: Cesium3DTileset[] = [];
    const primitives = viewer.scene.primitives;
    for (let i = 0; i < primitives.length; i++) {
      const p: unknown = primitives.get(i);
      if (p instanceof Cesium3DTileset) tilesets.push(p);
    }
    if (!property) {
      onLegend(undefined);
      return;
    }
    const values = collectValues(viewer, property);
    const kind = values.some((v) => typeof v === 'string') ? 'categorical' : 'quantile';
    const classification = classify(values, { kind, classes: 5 });
    const style = new Cesium3DTileStyle({ color: { conditions: styleConditions(property, classification) } });
    for (const tileset of tilesets) tileset.style = style;
    onLegend(
      classification.legend.map((entry) => ({
        color: entry.colour,
        label:
          entry.category !== undefined
            ? attributeDisplayValue(property, entry.category, language)
            : entry.label,
        shape: 'polygons',
      })),
    );
    viewer.scene.requestRender();
    return () => {
      for (const tileset of tilesets) if (!tileset.isDestroyed()) tileset.style = undefined;
      if (!viewer.isDestroyed()) viewer.scene.requestRender();
    };
  }, [viewer, property, onLegend, language]);
  return null;
}

/** The "Colour buildings by" control with its legend and a reset button. */
export function BuildingColourControl({
  property,
  onChange,
  legend,
  language,
}: {
  property: BuildingColourProperty | undefined;
  onChange: (property: BuildingColourProperty | undefined) => void;
  legend: LegendItem[] | undefined;
  language: Language;
}) {
  const texts = LAYER_TEXTS[language];
  return (
    <div className="building-colours">
      <label htmlFor="building-colour-select">{texts.colourBy}</label>
      <div className="building-colours-row">
        <select
          id="building-colour-select"
          value={property ?? ''}
          onChange={(event) =>
            onChange((event.target.value || undefined) as BuildingColourProperty | undefined)
          }
          data-testid="building-colour-select"
        >
          <option value="">{texts.colourNone}</option>
          {BUILDING_COLOUR_PROPERTIES.map((p) => (
            <option key={p} value={p}>
              {PROPERTY_LABELS[p][language]}
            </option>
          ))}
        </select>
        <button type="button" className="tool-button secondary" onClick={() => onChange(undefined)}>
          {texts.reset}
        </button>
      </div>
      {property && legend && (
        <ul className="legend" aria-label={texts.legend} data-testid="legend-buildings">
          {legend.map((item) => (
            <li key={`${item.color}-${item.label}`}>
              <span className="swatch" style={{ background: item.color }} aria-hidden="true" />
              {item.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
