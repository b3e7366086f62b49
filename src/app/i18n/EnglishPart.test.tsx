import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { WithEnglishPart } from './EnglishPart.tsx';

const sentence = (message: string) => `a.gml, Zeile 7: ${message}`;

describe('WithEnglishPart', () => {
  it('marks the untranslated message lang="en" in a German sentence, and only it', () => {
    const html = renderToStaticMarkup(
      <WithEnglishPart language="de" english="expected a height, got “elf”" sentence={sentence} />,
    );
    expect(html).toBe('a.gml, Zeile 7: <span lang="en">expected a height, got “elf”</span>');
  });

  it('leaves an English sentence unmarked: the page is English already', () => {
    const html = renderToStaticMarkup(
      <WithEnglishPart language="en" english="cut off?" sentence={sentence} />,
    );
    expect(html).toBe('a.gml, Zeile 7: cut off?');
  });

  it('keeps the text around the part wherever the template puts it, and renders the part as text', () => {
    const html = renderToStaticMarkup(
      <WithEnglishPart
        language="de"
        english={'<img src=x onerror=alert(1)>'}
        sentence={(part) => `Plan konnte nicht gelesen werden (${part}); bitte erneut.`}
      />,
    );
    expect(html).toBe(
      'Plan konnte nicht gelesen werden (<span lang="en">&lt;img src=x onerror=alert(1)&gt;</span>); bitte erneut.',
    );
    expect(html).not.toContain('<img');
  });

  it('shows a template without the part as it is', () => {
    expect(
      renderToStaticMarkup(<WithEnglishPart language="de" english="x" sentence={() => 'Fehlgeschlagen.'} />),
    ).toBe('Fehlgeschlagen.');
  });
});
