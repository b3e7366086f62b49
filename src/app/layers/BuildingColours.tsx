import { useEffect } from 'react';
import { attributeDisplayValue } from '../../core/attributes/format.ts';
import { WithEnglishPart } from '../i18n/EnglishPart.tsx';
import { useViewer } from '../viewer/use-viewer.ts';
import {
  BUILDING_COLOUR_PROPERTIES,
  CATEGORICAL_ATTRIBUTES,
  PROPERTY_LABELS,
  isBuildingAttribute,
  layerJoinChoices,
} from './building-style.ts';
import type { BuildingColourProperty, BuildingLegendItem } from './building-style.ts';
import type { LayerFeature, LegendItem } from './features.ts';
import { BuildingJoinSession, NO_DATA_COLOUR } from './join-session.ts';
import type { JoinState } from './join-session.ts';
import { buildJoinSpec, joinLayerId, joinText } from './join-spec.ts';
import { layersClient } from './layers-worker.ts';
import type { LayerModel } from './model.ts';
import { LAYER_TEXTS } from './texts.ts';
import { errorMessage } from '../../core/errors.ts';

type Language = 'de' | 'en';

/** Features of a GeoJSON layer not shown yet (so not loaded by its renderer), fetched once per URL. */
const fetchedFeatures = new Map<string, Promise<LayerFeature[]>>();
function layerFeatures(url: string, layerId: string): Promise<LayerFeature[]> {
  let promise = fetchedFeatures.get(url);
  if (!promise) {
    promise = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`BuildingColours: ${url}: HTTP ${response.status}`);
      // The reader (with its coordinate transformations) loads with the first layer joined.
      const { geoJsonLayerFeatures } = await import('./geojson-features.ts');
      return geoJsonLayerFeatures(await response.text(), layerId).features;
    });
    promise.catch(() => fetchedFeatures.delete(url));
    fetchedFeatures.set(url, promise);
  }
  return promise;
}

/** Legend items (localised) of a join state: classes with their counts, then "no data". */
function legendItems(
  state: JoinState,
  property: BuildingColourProperty,
  language: Language,
): BuildingLegendItem[] {
  const items: BuildingLegendItem[] = state.classes.map((entry) => ({
    color: entry.colour,
    label: !isBuildingAttribute(property)
      ? entry.label
      : entry.category !== undefined
        ? attributeDisplayValue(property, entry.category, language)
        : CATEGORICAL_ATTRIBUTES.has(property)
          ? joinText(language, 'joinOther')
          : entry.label,
    shape: 'polygons',
    count: entry.count,
  }));
  items.push({
    color: NO_DATA_COLOUR,
    label: joinText(language, 'joinNoData'),
    shape: 'polygons',
    count: state.noData,
    noData: true,
  });
  return items;
}

/**
 * Colours the buildings of every tileset by an attribute of the tileset metadata or by another layer (class
 * of the containing polygon, distance to the nearest point, inside an imported plan), computed in the layers
 * worker from the buildings' centroids as tiles load (`BuildingJoinSession`); reports the legend with counts.
 * `undefined` restores the normal colours.
 */
export function BuildingColours({
  property,
  onLegend,
  language,
  model,
}: {
  property: BuildingColourProperty | undefined;
  onLegend: (legend: LegendItem[] | undefined) => void;
  language: Language;
  model: Pick<LayerModel, 'layers' | 'features' | 'plans'>;
}) {
  const viewer = useViewer();
  const layerId = property ? joinLayerId(property) : undefined;
  const layer = layerId ? model.layers.find((l) => l.id === layerId) : undefined;
  const loaded = layerId ? model.features[layerId] : undefined;
  const plans = property === 'plans' ? model.plans : undefined;
  useEffect(() => {
    onLegend(undefined);
    if (!property) return;
    let session: BuildingJoinSession | undefined;
    let cancelled = false;
    const fail = (message: string) => {
      const item: BuildingLegendItem = {
        color: NO_DATA_COLOUR,
        label: joinText(language, 'joinFailed', { message }),
        shape: 'polygons',
        count: 0,
        noData: true,
        failure: message,
      };
      onLegend([item]);
    };
    const source = layer?.source;
    const features: Promise<LayerFeature[] | undefined> =
      loaded || !source || source.type !== 'geojson'
        ? Promise.resolve(loaded)
        : layerFeatures(source.url, layer.id);
    features
      .then((list) => {
        if (cancelled || viewer.isDestroyed()) return;
        const spec = buildJoinSpec(
          property,
          layer ? [layer] : [],
          list,
          Object.values(plans ?? {}),
          language,
        );
        const attribute = isBuildingAttribute(property)
          ? { property, text: CATEGORICAL_ATTRIBUTES.has(property) }
          : undefined;
        session = new BuildingJoinSession(
          viewer,
          layersClient(),
          spec,
          attribute,
          (state) => onLegend(legendItems(state, property, language)),
          fail,
        );
      })
      .catch((error: unknown) => {
        if (!cancelled) fail(errorMessage(error));
      });
    return () => {
      cancelled = true;
      session?.destroy();
    };
  }, [viewer, property, onLegend, language, layer, loaded, plans]);
  return null;
}

/** The "Colour buildings by" control: attributes and layer joins, the legend with counts, and a reset. */
export function BuildingColourControl({
  property,
  onChange,
  legend,
  language,
  model,
}: {
  property: BuildingColourProperty | undefined;
  onChange: (property: BuildingColourProperty | undefined) => void;
  legend: LegendItem[] | undefined;
  language: Language;
  model: Pick<LayerModel, 'layers' | 'plans'>;
}) {
  const texts = LAYER_TEXTS[language];
  const choices = layerJoinChoices(model.layers);
  const hasPlans = Object.keys(model.plans).length > 0;
  // The legend of the building colours is always made by `BuildingColours`, with counts.
  const items = legend as readonly BuildingLegendItem[] | undefined;
  const total = items?.reduce((sum, item) => sum + item.count, 0) ?? 0;
  const selectId = 'building-colour-select';
  return (
    <div className="building-colours">
      <label htmlFor={selectId}>{texts.colourBy}</label>
      <div className="building-colours-row">
        <select
          id={selectId}
          value={property ?? ''}
          onChange={(event) =>
            onChange((event.target.value || undefined) as BuildingColourProperty | undefined)
          }
          data-testid="building-colour-select"
        >
          <option value="">{texts.colourNone}</option>
          <optgroup label={joinText(language, 'joinAttributes')}>
            {BUILDING_COLOUR_PROPERTIES.map((p) => (
              <option key={p} value={p}>
                {PROPERTY_LABELS[p][language]}
              </option>
            ))}
          </optgroup>
          {(choices.length > 0 || hasPlans) && (
            <optgroup label={joinText(language, 'joinLayers')}>
              {choices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {joinText(language, choice.kind === 'class' ? 'joinClassOf' : 'joinDistanceTo', {
                    layer: choice.layer.label[language],
                  })}
                </option>
              ))}
              {hasPlans && <option value="plans">{joinText(language, 'joinInsidePlan')}</option>}
            </optgroup>
          )}
        </select>
        <button type="button" className="tool-button secondary" onClick={() => onChange(undefined)}>
          {texts.reset}
        </button>
      </div>
      {property && !items && <p className="hint">{joinText(language, 'joinComputing')}</p>}
      {property && items && (
        <>
          <ul className="legend" aria-label={texts.legend} data-testid="legend-buildings">
            {items.map((item) => (
              <li key={`${item.color}-${item.label}`} data-count={item.count} data-no-data={item.noData}>
                <span className="swatch" style={{ background: item.color }} aria-hidden="true" />
                {item.failure === undefined ? (
                  item.label
                ) : (
                  <WithEnglishPart
                    language={language}
                    english={item.failure}
                    sentence={(message) => joinText(language, 'joinFailed', { message })}
                  />
                )}{' '}
                <span className="legend-count">({item.count.toLocaleString(language)})</span>
              </li>
            ))}
          </ul>
          <p className="hint" data-testid="legend-buildings-total" data-count={total}>
            {joinText(language, 'joinLoaded', { count: total.toLocaleString(language) })}
          </p>
        </>
      )}
    </div>
  );
}
