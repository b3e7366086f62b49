import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../i18n/index.ts';
import { AttributePanel } from './AttributePanel.tsx';

describe('AttributePanel', () => {
  const i18n = initI18n('de');

  it('shows attribute values from data as text, never as HTML', () => {
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={i18n}>
        <AttributePanel
          feature={{
            properties: [
              ['name', '<img src=x onerror=alert(1)>'],
              ['gml_id', 'DEMO_1'],
              ['roofType', '3100'],
              ['Firsthoehe', '12.5'],
              ['Dachneigung_Grad', '35'],
            ],
          }}
          onClose={() => {}}
        />
      </I18nextProvider>,
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<td data-attribute="gml_id">DEMO_1</td>');
    expect(html).toContain('Gebäudeattribute');
    // known properties (the AdV's generic ones too) get readable labels, decoded codes and German decimals;
    // unknown ones keep their name
    expect(html).toContain('>Kennung (gml:id)</th>');
    expect(html).toContain('<td data-attribute="roofType">3100 (Satteldach)</td>');
    expect(html).toContain(
      '<th scope="row" title="Firsthoehe">Firsthöhe</th><td data-attribute="Firsthoehe">12,5</td>',
    );
    expect(html).toContain('>Dachneigung_Grad</th>');
  });

  it('says so when a feature has no attributes', () => {
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={i18n}>
        <AttributePanel feature={{ properties: [] }} onClose={() => {}} />
      </I18nextProvider>,
    );
    expect(html).toContain('Keine Attribute vorhanden.');
    expect(html).not.toContain('<table');
  });
});
