import { describe, expect, it } from 'vitest';
import { wrapText } from './wrap-text.ts';

/** A monospaced font: 10 units per character. */
const measure = (text: string) => 10 * [...text].length;

describe('wrapText (the picture export’s credit line and title)', () => {
  it('keeps words whole and lines within the width', () => {
    expect(wrapText('Natural Earth II • Demo-Stadtmodell', 160, 5, measure)).toEqual([
      'Natural Earth II',
      '•',
      'Demo-Stadtmodell',
    ]);
    expect(wrapText('Natural Earth II • Demo', 190, 5, measure)).toEqual(['Natural Earth II •', 'Demo']);
  });

  it('breaks a word wider than a line between characters, so all of it is drawn within the width', () => {
    const address = `https://example.org/${'lizenz_'.repeat(10)}.pdf`;
    const lines = wrapText(`© Stadt Wesel ${address} • Demo`, 200, 20, measure);
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(200);
    expect(lines[0]).toBe('© Stadt Wesel');
    expect(lines.join(' ').replace(/\s/g, '')).toBe(`©StadtWesel${address}•Demo`);
    expect(lines.at(-1)).toBe('Demo');
  });

  it('ends the last line with … when there are more lines than allowed', () => {
    expect(wrapText('a b c d e f', 30, 2, measure)).toEqual(['a b', 'c d …']);
    expect(wrapText('', 30, 2, measure)).toEqual([]);
  });
});
