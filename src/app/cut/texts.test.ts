import { describe, expect, it } from 'vitest';
import { COMPARE_TEXTS } from '../compare/texts.ts';
import { fill } from '../measure/texts.ts';
import { CUT_TEXTS } from './texts.ts';

describe('cut and compare texts', () => {
  it('have every text in German and English, none empty', () => {
    for (const texts of [CUT_TEXTS, COMPARE_TEXTS]) {
      expect(Object.keys(texts.en).sort()).toEqual(Object.keys(texts.de).sort());
      for (const language of [texts.de, texts.en]) {
        for (const value of Object.values(language)) expect(value.trim()).not.toBe('');
      }
    }
  });

  it('announce the hidden buildings with their count and the area', () => {
    expect(fill(CUT_TEXTS.de.hidden, { count: 12, label: 'Plan 7' })).toBe(
      '12 Gebäude im Bereich ausgeblendet (Plan 7).',
    );
    expect(fill(CUT_TEXTS.en.hidden, { count: 12, label: 'Plan 7' })).toBe(
      '12 buildings hidden in the area (Plan 7).',
    );
  });
});
