import { describe, expect, it } from 'vitest';
import { captionText, parseCaption, parseCaptionRuns } from './caption.ts';

describe('parseCaption', () => {
  it('splits paragraphs at blank lines and keeps single line ends', () => {
    expect(parseCaption('Erste Zeile\nzweite Zeile\n\n  \nZweiter Absatz\r\n\r\nDritter\r')).toEqual([
      [{ kind: 'text', text: 'Erste Zeile\nzweite Zeile' }],
      [{ kind: 'text', text: 'Zweiter Absatz' }],
      [{ kind: 'text', text: 'Dritter' }],
    ]);
  });

  it('gives nothing for an absent or blank caption', () => {
    expect(parseCaption(undefined)).toEqual([]);
    expect(parseCaption('')).toEqual([]);
    expect(parseCaption('\n \n\t\n')).toEqual([]);
  });

  it('turns bare http(s) URLs into links and trims sentence punctuation', () => {
    expect(parseCaptionRuns('Mehr unter https://www.wuppertal.de/rathaus. Danke!')).toEqual([
      { kind: 'text', text: 'Mehr unter ' },
      { kind: 'link', text: 'https://www.wuppertal.de/rathaus', href: 'https://www.wuppertal.de/rathaus' },
      { kind: 'text', text: '. Danke!' },
    ]);
    expect(parseCaptionRuns('(siehe http://example.org/a?b=1#c)')).toEqual([
      { kind: 'text', text: '(siehe ' },
      { kind: 'link', text: 'http://example.org/a?b=1#c', href: 'http://example.org/a?b=1#c' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('trims a long run of punctuation after a URL, and keeps a run inside it', () => {
    const dots = '.'.repeat(100_000);
    expect(parseCaptionRuns(`https://a.example/${dots}`)).toEqual([
      { kind: 'link', text: 'https://a.example/', href: 'https://a.example/' },
      { kind: 'text', text: dots },
    ]);
    expect(parseCaptionRuns(`https://a.example/${dots}x`)).toEqual([
      { kind: 'link', text: `https://a.example/${dots}x`, href: `https://a.example/${dots}x` },
    ]);
  });

  it('keeps a closing parenthesis that the URL opened', () => {
    const runs = parseCaptionRuns('Quelle: https://de.wikipedia.org/wiki/Barmen_(Wuppertal)).');
    expect(runs[1]).toEqual({
      kind: 'link',
      text: 'https://de.wikipedia.org/wiki/Barmen_(Wuppertal)',
      href: 'https://de.wikipedia.org/wiki/Barmen_(Wuppertal)',
    });
    expect(runs[2]).toEqual({ kind: 'text', text: ').' });
  });

  it('turns [label](url) into a labelled link', () => {
    expect(parseCaptionRuns('Siehe [den Plan](https://example.org/plan.pdf) im Rat.')).toEqual([
      { kind: 'text', text: 'Siehe ' },
      { kind: 'link', text: 'den Plan', href: 'https://example.org/plan.pdf' },
      { kind: 'text', text: ' im Rat.' },
    ]);
  });

  it('never links other schemes and keeps markup as text', () => {
    const text =
      'javascript:alert(1) <a href="https://x.example">x</a> [klick](javascript:alert(1)) ftp://a.b data:text/html,hi';
    const runs = parseCaptionRuns(text);
    for (const run of runs) if (run.kind === 'link') expect(run.href).toMatch(/^https:\/\/x\.example$/);
    // The only link is the URL inside the quoted attribute; the tags around it stay literal text.
    expect(runs.filter((run) => run.kind === 'link')).toHaveLength(1);
    expect(runs.map((run) => run.text).join('')).toBe(text);
    expect(parseCaptionRuns('https:// alone')).toEqual([{ kind: 'text', text: 'https:// alone' }]);
  });

  it('ends a URL at control characters', () => {
    const runs = parseCaptionRuns('https://a.example/x\u0007y');
    expect(runs[0]).toEqual({ kind: 'link', text: 'https://a.example/x', href: 'https://a.example/x' });
    expect(runs[1]).toEqual({ kind: 'text', text: '\u0007y' });
  });

  it('gives the plain text of a caption with link labels', () => {
    expect(captionText(parseCaption('Eins [Plan](https://p.example)\n\nZwei'))).toBe('Eins Plan\n\nZwei');
  });
});
