import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../i18n/index.ts';
import { StoryCaption } from './StoryCaption.tsx';
import { StoryLayer } from './StoryLayer.tsx';
import { StoryProblemsNotice } from './StoryProblemsNotice.tsx';

const camera = { longitude: 7, latitude: 51, height: 500, heading: 0, pitch: -30, roll: 0 };

describe('StoryCaption', () => {
  it('renders title and caption as text, paragraphs as <p>, http(s) links as safe <a>', () => {
    const html = renderToStaticMarkup(
      <StoryCaption
        headingId="h"
        position="2 / 6"
        scene={{
          title: '<img src=x onerror=alert(1)>',
          caption:
            'Erster Absatz mit https://example.org/a.\n\n<script>alert(1)</script> [Plan](https://example.org/p) [böse](javascript:alert(1))',
          camera,
        }}
      />,
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.match(/<p>/g)).toHaveLength(2);
    expect(html).toContain(
      '<a href="https://example.org/a" target="_blank" rel="noopener noreferrer">https://example.org/a</a>',
    );
    expect(html).toContain(
      '<a href="https://example.org/p" target="_blank" rel="noopener noreferrer">Plan</a>',
    );
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<h2 id="h"');
  });
});

describe('StoryProblemsNotice', () => {
  it('names scene and field, as text, and counts what it does not list', () => {
    const i18n = initI18n('de');
    const problems = Array.from({ length: 7 }, (_, i) => ({
      source: 's.json',
      sceneIndex: i,
      sceneTitle: `<b>Szene ${i}</b>`,
      field: 'camera.pitch',
      expected: { kind: 'number' as const, min: -90, max: 90 },
      found: '"down"',
    }));
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={i18n}>
        <StoryProblemsNotice
          source="s.json"
          problems={problems}
          lead="7 von 9 Szenen ausgelassen."
          onClose={() => {}}
        />
      </I18nextProvider>,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain(
      'Szene 1 „&lt;b&gt;Szene 0&lt;/b&gt;“, Feld „camera.pitch“: erwartet eine Zahl von -90 bis 90',
    );
    expect(html.match(/<li>/g)).toHaveLength(5);
    expect(html).toContain('… und 2 weitere.');
    expect(html).not.toContain('<b>');
  });
});

describe('StoryLayer', () => {
  it('marks the browser\'s English reason for a story that could not be fetched lang="en" on a German page', () => {
    const i18n = initI18n('de');
    const unused = () => {};
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={i18n}>
        <StoryLayer
          source={{
            current: {
              source: 'stories/a.json',
              problems: [],
              sceneCount: 0,
              error: { kind: 'network', url: 'stories/a.json', message: 'Failed to fetch' },
            },
            loading: undefined,
            openUrl: unused,
            openFile: unused,
            openStory: unused,
            close: unused,
          }}
        />
      </I18nextProvider>,
    );
    expect(html).toContain(
      '„stories/a.json“ konnte nicht geladen werden: <span lang="en">Failed to fetch</span>',
    );
  });
});
