import { useTranslation } from 'react-i18next';
import { attributeDisplayValue, attributeLabel } from '../../core/attributes/format.ts';
import { getOwn } from '../../core/util/own.ts';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';
import { BottomSheet } from './BottomSheet.tsx';
import type { SheetOptions } from './sheet.ts';
import type { PanelFocusOptions } from './use-panel-focus.ts';
import { PanelHeader } from './PanelHeader.tsx';

/**
 * On phones the attributes open as a bottom sheet that stops at 60 % of the height: the map keeps the top
 * 40 %, where `KeepSelectionVisible` turns the camera to show the selected building.
 */
export const ATTRIBUTE_SHEET: SheetOptions = { fullShare: 0.6, halfShare: 0.45 };

/** A pick in the map opens the panel: the focus stays where the person picked (the map, a list). */
const PICKED_PANEL_FOCUS: PanelFocusOptions = { focusOnOpen: false };

/**
 * Attributes of the picked building as a table. Values come from data and are rendered as React text
 * nodes, never as HTML. A side panel on larger screens, a bottom sheet on phones; `onCover` hears the
 * height (CSS pixels) the sheet covers at the bottom of the screen.
 */
export function AttributePanel({
  feature,
  onClose,
  onCover,
}: {
  feature: PickedFeature;
  onClose: () => void;
  onCover?: (pixels: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'de';
  const title = feature.title ?? t('attributesTitle');
  const panel = (
    <aside className="attribute-panel" aria-labelledby="attribute-panel-title" data-testid="attribute-panel">
      <PanelHeader titleId="attribute-panel-title" title={title} closeLabel={t('close')} onClose={onClose} />
      {feature.properties.length === 0 ? (
        <p>{t('noAttributes')}</p>
      ) : (
        <table>
          <thead className="visually-hidden">
            <tr>
              <th scope="col">{t('attribute')}</th>
              <th scope="col">{t('value')}</th>
            </tr>
          </thead>
          <tbody>
            {feature.properties.map(([name, value]) => (
              <tr key={name}>
                <th scope="row" title={name}>
                  {(feature.labels && getOwn(feature.labels, name)) ?? attributeLabel(name, language)}
                </th>
                <td data-attribute={name}>{attributeDisplayValue(name, value, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {feature.links && feature.links.length > 0 && (
        <ul className="attribute-links">
          {feature.links
            .filter((link) => /^https?:\/\//i.test(link.href))
            .map((link) => (
              <li key={link.href}>
                <a href={link.href} target="_blank" rel="noopener noreferrer">
                  {link.label}
                </a>
              </li>
            ))}
        </ul>
      )}
      {feature.note && <p className="attribute-note">{feature.note}</p>}
    </aside>
  );
  return (
    <BottomSheet
      panelName={title}
      language={language}
      onClose={onClose}
      options={ATTRIBUTE_SHEET}
      onCover={onCover}
      testId="attribute-sheet"
      focus={PICKED_PANEL_FOCUS}
    >
      {panel}
    </BottomSheet>
  );
}
