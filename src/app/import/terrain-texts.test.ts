import { describe, expect, it } from 'vitest';
import { initI18n } from '../i18n/index.ts';
import { correctionText } from './terrain-texts.ts';

const i18n = initI18n('de');
const metres = (value: number) => value.toFixed(2);

describe('correctionText', () => {
  it('says in German and English what was added to the heights, and what the file said about them', () => {
    const de = i18n.getFixedT('de');
    const en = i18n.getFixedT('en');
    const geoid = { kind: 'geoid', model: 'EGM96', source: 'unknown' } as const;
    expect(correctionText(geoid, metres, de)).toBe(
      'Geoid EGM96 addiert (die Datei nennt kein Höhensystem, als Normalhöhen genommen)',
    );
    expect(correctionText(geoid, metres, en)).toBe(
      'geoid EGM96 added (the file names no height system, taken as normal heights)',
    );
    expect(correctionText({ kind: 'geoid', model: 'GCG2016', source: 'physical' }, metres, de)).toBe(
      'Geoid GCG2016 addiert',
    );
    expect(correctionText({ kind: 'constant', metres: -1.5, source: 'physical' }, metres, en)).toBe(
      '-1.50 m added',
    );
    expect(correctionText({ kind: 'none', source: 'ellipsoidal' }, metres, de)).toBe(
      'nichts addiert (die Höhen sind ellipsoidisch)',
    );
  });
});
