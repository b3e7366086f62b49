import { useId, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { BottomSheet } from '../panels/BottomSheet.tsx';
import { BroadbandChart } from './BroadbandChart.tsx';
import { BuildingColourControl } from './BuildingColours.tsx';
import { legendFor } from './features.ts';
import { IMPORTED_GROUP } from './imported-layer.ts';
import { PlanImport } from './PlanImport.tsx';
import type { LegendItem } from './features.ts';
import type { LayerModel } from './model.ts';
import { LAYER_TEXTS, fill } from './texts.ts';
import type { LayerConfig } from './types.ts';
import { PanelHeader } from '../panels/PanelHeader.tsx';

type Language = 'de' | 'en';

/**
 * The layer tree: layers by group as native checkboxes (48 px targets; Tab, Space and arrow keys work),
 * opacity sliders and legends generated from the styles for visible layers, a search over searchable
 * layers, the municipality's broadband chart and extra controls (plan import, building colours). Imported
 * files are listed in the group "Importiert / Imported".
 * Escape closes it (the `BottomSheet` around it, a bottom sheet on phones and a side panel elsewhere).
 */
export function LayerTree({
  model,
  language,
  onClose,
  ags,
  children,
}: {
  model: LayerModel;
  language: Language;
  onClose: () => void;
  ags?: string;
  children?: ReactNode;
}) {
  const texts = LAYER_TEXTS[language];
  const groups = useMemo(() => {
    const configured = model.config.groups;
    // Imported files are listed in a group of their own, after the city's.
    const all = configured.some((g) => g.id === IMPORTED_GROUP.id)
      ? configured
      : [...configured, IMPORTED_GROUP];
    const known = all.map((group) => ({
      ...group,
      layers: model.layers.filter((l) => l.group === group.id),
    }));
    const orphans = model.layers.filter((l) => !all.some((g) => g.id === l.group));
    if (orphans.length > 0) {
      known.push({ id: 'other', label: { de: 'Weitere', en: 'More' }, layers: orphans });
    }
    return known.filter((group) => group.layers.length > 0);
  }, [model.config.groups, model.layers]);
  const panel = (
    <aside
      id="layer-panel"
      className="layer-panel"
      aria-labelledby="layer-panel-title"
      data-testid="layer-panel"
    >
      <PanelHeader
        titleId="layer-panel-title"
        title={texts.layerPanel}
        closeLabel={texts.close}
        onClose={onClose}
      />
      {groups.map((group) => (
        <fieldset key={group.id} className="layer-group">
          <legend>{group.label[language]}</legend>
          {group.layers.map((layer) => (
            <LayerRow key={layer.id} layer={layer} model={model} language={language} />
          ))}
        </fieldset>
      ))}
      <PlanImport model={model} language={language} />
      <BuildingColourControl
        property={model.buildingColour}
        onChange={model.setBuildingColour}
        legend={model.buildingLegend}
        language={language}
        model={model}
      />
      <LayerSearch model={model} language={language} />
      {children}
      {model.config.broadbandStatisticsUrl && ags && (
        <BroadbandChart url={model.config.broadbandStatisticsUrl} ags={ags} language={language} />
      )}
    </aside>
  );
  return (
    <BottomSheet panelName={texts.layerPanel} language={language} onClose={onClose} testId="layer-sheet">
      {panel}
    </BottomSheet>
  );
}

/**
 * The features of a layer read from a file (a GIS source, an imported file) once loaded, counted as the file
 * counts them: a multi-part feature is drawn as several layer features (`<layer>:<index>.<part>`) but is one.
 */
function fileFeatureCount(layer: LayerConfig, model: LayerModel): number | undefined {
  if (layer.source.type !== 'gis' && layer.source.type !== 'imported') return undefined;
  const features = model.features[layer.id];
  if (!features) return undefined;
  let count = 0;
  for (const feature of features) if (!/\.[1-9]\d*$/.test(feature.id)) count += 1;
  return count;
}

function LayerRow({ layer, model, language }: { layer: LayerConfig; model: LayerModel; language: Language }) {
  const texts = LAYER_TEXTS[language];
  const state = model.states[layer.id] ?? { visible: false, opacity: 1 };
  const id = useId();
  const legend = legendFor(layer.style, language, layer.label);
  const error = model.errors[layer.id];
  const count = fileFeatureCount(layer, model);
  return (
    <div className="layer-row" data-layer={layer.id}>
      <label className="layer-toggle" htmlFor={`${id}-visible`}>
        <input
          id={`${id}-visible`}
          type="checkbox"
          checked={state.visible}
          onChange={(event) => model.setLayerState(layer.id, { visible: event.target.checked })}
          data-testid={`layer-toggle-${layer.id}`}
        />
        <span>{layer.label[language]}</span>
        {layer.illustrative && <span className="badge">{texts.illustrative}</span>}
        {count !== undefined && (
          <span className="badge" data-testid={`layer-count-${layer.id}`} data-count={count}>
            {count === 1
              ? texts.featureCountOne
              : fill(texts.featureCount, { count: count.toLocaleString(language) })}
          </span>
        )}
      </label>
      {layer.description && <p className="layer-description">{layer.description[language]}</p>}
      {error && (
        <p className="error" role="alert">
          {fill(texts.loadError, { label: layer.label[language] })} (
          {language === 'en' ? error : <span lang="en">{error}</span>})
        </p>
      )}
      {state.visible && (
        <>
          <label className="layer-opacity" htmlFor={`${id}-opacity`}>
            <span>{texts.opacity}</span>
            <input
              id={`${id}-opacity`}
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={state.opacity}
              onChange={(event) => model.setLayerState(layer.id, { opacity: Number(event.target.value) })}
            />
            <span>{Math.round(state.opacity * 100)} %</span>
          </label>
          {legend.length > 0 && <Legend items={legend} title={texts.legend} layerId={layer.id} />}
        </>
      )}
    </div>
  );
}

/** A legend: a swatch in the style's shape and its meaning as text (never colour alone). */
export function Legend({ items, title, layerId }: { items: LegendItem[]; title: string; layerId: string }) {
  return (
    <ul className="legend" aria-label={title} data-testid={`legend-${layerId}`}>
      {items.map((item) => (
        <li key={`${item.color}-${item.label}`}>
          <span
            className={`swatch swatch-${item.shape}`}
            style={{ background: item.color }}
            aria-hidden="true"
          />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

/** Search over the layers that name a `searchProperty`: choosing a result flies there and opens it. */
function LayerSearch({ model, language }: { model: LayerModel; language: Language }) {
  const texts = LAYER_TEXTS[language];
  const [query, setQuery] = useState('');
  const inputId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const searchable = model.layers.filter((layer) => layer.searchProperty);
  if (searchable.length === 0) return null;
  const needle = query.trim().toLocaleLowerCase('de');
  const matches =
    needle === ''
      ? []
      : searchable
          .flatMap((layer) =>
            (model.features[layer.id] ?? []).map((feature) => ({
              feature,
              name: feature.properties[layer.searchProperty ?? ''] ?? '',
            })),
          )
          .filter((match) => match.name.toLocaleLowerCase('de').includes(needle))
          .slice(0, 8);
  return (
    <div className="layer-search" role="search">
      <label htmlFor={inputId}>{texts.search}</label>
      <input
        id={inputId}
        type="search"
        value={query}
        placeholder={texts.searchPlaceholder}
        onChange={(event) => setQuery(event.target.value)}
        data-testid="layer-search"
        autoComplete="off"
      />
      {needle !== '' && (
        <ul ref={listRef} className="search-results" aria-live="polite">
          {matches.length === 0 && <li>{texts.noMatches}</li>}
          {matches.map(({ feature, name }) => (
            <li key={feature.id}>
              <button
                type="button"
                className="search-result"
                onClick={() => {
                  model.setLayerState(feature.layerId, { visible: true });
                  model.flyToRef.current?.(feature);
                }}
              >
                {name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
