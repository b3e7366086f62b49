import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parseShareState } from './share-state.ts';
import { ShareProblems } from './ShareProblems.tsx';
import { describeShareProblem } from './texts.ts';

describe('ignored link parameters', () => {
  const { problems } = parseShareState(
    '?view=7,51,400,0,-30&lang=fr&layers=schools:maybe&colour=rainbow&time=noon&view=x',
    '#view=7,51,400,0,-95,0',
  );

  it('are named with their value and reason in German and English', () => {
    expect(problems.map((p) => describeShareProblem(p, 'de'))).toEqual([
      '„lang=fr“ wurde ignoriert: Die Sprache ist „de“ oder „en“.',
      '„view=7,51,400,0,-95,0“ wurde ignoriert: Die Neigung (°) -95 liegt nicht zwischen -90 und 90.',
      '„layers=schools:maybe“ wurde ignoriert: Einige Ebenen-Einträge sind nicht „id:0|1[:Deckkraft 0..100]“; die übrigen gelten.',
      '„colour=rainbow“ wurde ignoriert: Danach lassen sich die Gebäude nicht einfärben.',
      '„time=noon“ wurde ignoriert: Die Zeit ist ein ISO-8601-Zeitpunkt mit Zone, z. B. 2026-06-21T18:30:00+02:00.',
    ]);
    expect(describeShareProblem(problems[1]!, 'en')).toBe(
      '“view=7,51,400,0,-95,0” was ignored: The pitch (°) -95 is not between -90 and 90.',
    );
    const count = parseShareState('?view=1,2', '').problems[0]!;
    expect(describeShareProblem(count, 'en')).toContain('six comma-separated numbers');
    expect(describeShareProblem(count, 'en')).toContain('not 2.');
  });

  it('say what is wrong with a section plane or a hidden area', () => {
    const cut = parseShareState('?section=1:7,51&clip=1:72001234,512887000,14000,0,14000,0', '').problems;
    expect(cut.map((p) => describeShareProblem(p, 'de'))).toEqual([
      '„section=1:7,51“ wurde ignoriert: Die Schnittebene wurde nicht gesetzt: Erwartet werden „1:“ und sieben Zahlen: Länge und Breite in 1e-7 Grad, Höhe in cm, Richtung und Neigung in Grad, Abstand in cm, gespiegelt 0 oder 1.',
      '„clip=1:72001234,512887000,14000,0,14000,0“ wurde ignoriert: Der ausgeblendete Bereich wurde nicht gesetzt: Die Punkte des Bereichs liegen auf einer Linie und umschließen keine Fläche.',
    ]);
    expect(describeShareProblem(cut[0]!, 'en')).toContain(
      'The section plane was not set: Expected “1:” and seven',
    );
  });

  it('are shown as text in a polite status, cut when long; nothing when there are none', () => {
    const hostile = parseShareState(`?colour=<img src=x onerror=alert(1)>${'x'.repeat(100)}`, '').problems;
    const html = renderToStaticMarkup(<ShareProblems problems={hostile} language="de" />);
    expect(html).toContain('role="status"');
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('x…“');
    expect(html).toContain('Hinweis schließen');
    expect(renderToStaticMarkup(<ShareProblems problems={[]} language="en" />)).toBe('');
  });
});
