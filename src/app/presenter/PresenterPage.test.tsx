import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { initI18n } from '../i18n/index.ts';
import { formatElapsed, isPresenterUrl, PresenterPage } from './PresenterPage.tsx';

describe('PresenterPage', () => {
  it('is chosen by ?presenter=1 only', () => {
    expect(isPresenterUrl('?presenter=1')).toBe(true);
    expect(isPresenterUrl('?lang=en&presenter=1')).toBe(true);
    expect(isPresenterUrl('?presenter=0')).toBe(false);
    expect(isPresenterUrl('?story=a.json')).toBe(false);
  });

  it('formats the elapsed time as m:ss, from an hour on as h:mm:ss', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(59_999)).toBe('0:59');
    expect(formatElapsed(61_000)).toBe('1:01');
    expect(formatElapsed(3_600_000 + 5 * 60_000 + 7_000)).toBe('1:05:07');
    expect(formatElapsed(-5_000)).toBe('0:00'); // a clock set back between the windows
  });

  it('waits for the audience window before it has a story, with the buttons disabled', () => {
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={initI18n('de')}>
        <PresenterPage />
      </I18nextProvider>,
    );
    expect(html).toContain('Warte auf das Präsentationsfenster');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*data-testid="presenter-next-button"/);
    expect(html).not.toContain('<canvas');
  });
});
