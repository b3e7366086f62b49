import { useId } from 'react';
import { attributeDisplayValue, attributeLabel } from '../../core/attributes/format.ts';
import type { LayerFeature } from '../layers/features.ts';
import { BottomSheet } from '../panels/BottomSheet.tsx';
import { PanelToggle } from '../panels/PanelToggle.tsx';
import type { PanelButtonProps } from '../panels/PanelToggle.tsx';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';
import { groupByLayer, mainAttributes } from './in-view.ts';
import type { InViewCandidate } from './in-view.ts';
import { A11Y_TEXTS } from './texts.ts';
import { PanelHeader } from '../panels/PanelHeader.tsx';

type Language = 'de' | 'en';

/** At most this many objects per layer are listed; the rest are counted. */
const MAX_PER_LAYER = 25;

/** The toolbar button that opens and closes the "Im Bild / In view" list. */
export function InViewToggle({ open, onToggle, language }: PanelButtonProps) {
  const texts = A11Y_TEXTS[language];
  return (
    <PanelToggle
      open={open}
      onToggle={onToggle}
      panelId="in-view-panel"
      icon="≣"
      label={texts.inView}
      title={texts.inViewTitle}
      testId="in-view-toggle"
    />
  );
}

/** The selected object's name for lists and announcements: its title, name or gml:id. */
export function selectionName(feature: PickedFeature | undefined, language: Language): string | undefined {
  if (!feature) return undefined;
  const property = (name: string) => feature.properties.find(([key]) => key === name)?.[1];
  return property('name') ?? feature.title ?? property('gml_id') ?? A11Y_TEXTS[language].building;
}

/**
 * The text alternative to the 3D picture: the selected building's main attributes and the objects of the
 * shown layers that lie in view (updated when the camera rests), grouped by layer. An object with a feature
 * is a button that flies there and opens its attributes. All values are text, never HTML.
 */
export function InViewPanel({
  selected,
  inView,
  onOpen,
  onClose,
  language,
}: {
  selected: PickedFeature | undefined;
  inView: readonly InViewCandidate[];
  onOpen: (feature: LayerFeature) => void;
  onClose: () => void;
  language: Language;
}) {
  const texts = A11Y_TEXTS[language];
  const id = useId();
  const groups = groupByLayer(inView);
  const panel = (
    <section
      id="in-view-panel"
      className="in-view-panel"
      aria-labelledby={`${id}-title`}
      data-testid="in-view-panel"
    >
      <PanelHeader
        titleId={`${id}-title`}
        title={texts.inViewPanel}
        closeLabel={texts.close}
        onClose={onClose}
      />
      <h3>{texts.selected}</h3>
      {selected ? (
        <dl className="in-view-selected" data-testid="in-view-selected">
          {mainAttributes(selected.properties).map(([name, value]) => (
            <div key={name}>
              <dt>{attributeLabel(name, language)}</dt>
              <dd>{attributeDisplayValue(name, value, language)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p>{texts.nothingSelected}</p>
      )}
      <h3>{texts.layerFeatures}</h3>
      {groups.length === 0 && <p>{texts.noLayerFeatures}</p>}
      {groups.map((group) => (
        <section key={group.layerId} className="in-view-group" aria-label={group.layerLabel}>
          <h4>
            {group.layerLabel} ({group.items.length})
          </h4>
          <ul data-layer={group.layerId}>
            {group.items.slice(0, MAX_PER_LAYER).map((item) => {
              const label = item.detail ? `${item.name} – ${item.detail}` : item.name;
              const feature = item.feature;
              return (
                <li key={item.key}>
                  {feature ? (
                    <button type="button" className="in-view-item" onClick={() => onOpen(feature)}>
                      {label}
                    </button>
                  ) : (
                    label
                  )}
                </li>
              );
            })}
            {group.items.length > MAX_PER_LAYER && (
              <li>{texts.more.replace('{count}', String(group.items.length - MAX_PER_LAYER))}</li>
            )}
          </ul>
        </section>
      ))}
      <p className="in-view-note">{texts.note}</p>
    </section>
  );
  return (
    <BottomSheet panelName={texts.inViewPanel} language={language} onClose={onClose} testId="in-view-sheet">
      {panel}
    </BottomSheet>
  );
}
