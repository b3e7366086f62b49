import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { describeSun, SunPanel } from './SunPanel.tsx';

const WUPPERTAL = { longitude: 7.200239, latitude: 51.288871 };

function render(time: string | undefined, language: 'de' | 'en' = 'de') {
  return renderToStaticMarkup(
    <SunPanel
      time={time}
      setTime={() => {}}
      place={WUPPERTAL}
      shadows
      setShadows={() => {}}
      onClose={() => {}}
      language={language}
    />,
  );
}

describe('SunPanel', () => {
  it('shows a December morning in winter time with the date, slider and the sun low in the south-east', () => {
    const html = render('2026-12-21T09:00+01:00');
    expect(html).toContain('value="2026-12-21"');
    expect(html).toContain('value="09:00"');
    expect(html).toContain('value="540"'); // slider: minutes of the day
    expect(html).toContain('aria-valuetext="09:00 MEZ"');
    expect(html).toContain('Uhrzeit (MEZ)');
    expect(html).toMatch(/title="21. Dezember \(kürzester Tag\)" aria-pressed="true"/);
    expect(html).toMatch(/aria-pressed="true" data-sun-hour="9"/);
    expect(html).toContain('role="switch"');
    const sun = describeSun(Date.parse('2026-12-21T09:00+01:00'), WUPPERTAL, 'de');
    expect(sun.sun.azimuth).toBeGreaterThan(125);
    expect(sun.sun.azimuth).toBeLessThan(140);
    expect(sun.sun.elevation).toBeGreaterThan(0);
    expect(sun.sun.elevation).toBeLessThan(8);
    expect(html).toContain(sun.position);
    expect(sun.position).toMatch(/^Sonne: Azimut \d+,\d°, Höhe \d,\d°$/);
  });

  it('shows the default scene time, 21 June 14:00 summer time, when no time is shared, in English too', () => {
    const html = render(undefined, 'en');
    expect(html).toContain('value="2026-06-21"');
    expect(html).toContain('value="14:00"'); // 12:00 UTC is 14:00 CEST
    expect(html).toContain('aria-valuetext="14:00 CEST"');
    expect(html).toContain('Animate the day');
    expect(html).toContain('Sun: azimuth');
  });

  it('says the sun is below the horizon at night and announces it in words', () => {
    const night = describeSun(Date.parse('2026-12-21T17:00+01:00'), WUPPERTAL, 'de');
    expect(night.position).toBe('Die Sonne steht unter dem Horizont.');
    expect(night.announcement).toBe('21.12.2026, 17:00 MEZ. Die Sonne steht unter dem Horizont.');
    const noon = describeSun(Date.parse('2026-06-21T12:00+02:00'), WUPPERTAL, 'en');
    expect(noon.announcement).toMatch(
      /^21 Jun 2026, 12:00 CEST\. Sun: azimuth 1\d\d\.\d degrees, elevation [56]\d\.\d degrees\.$/,
    );
  });
});
