import { useTranslation } from 'react-i18next';
import { attributeDisplayValue, attributeLabel } from '../i18n/attribute-labels.ts';
import type { PickedFeature } from '../viewer/FeaturePicker.tsx';

/**
 * Attributes of the picked building as a table. Values come from data and are rendered as React text
 * nodes, never as HTML.
 */
export function AttributePanel({ feature, onClose }: { feature: PickedFeature; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'de';
  return (
    <aside className="attribute-panel" aria-labelledby="attribute-panel-title" data-testid="attribute-panel">
      <div className="panel-header">
        <h2 id="attribute-panel-title">{feature.title ?? t('attributesTitle')}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('close')}>
          ×
        </button>
      </div>
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
                  {attributeLabel(name, language)}
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
}
