import { describe, expect, it } from 'vitest';
import { KIOSK_TEXTS, kioskProblemText } from './texts.ts';

describe('kiosk texts', () => {
  it('has every text in German and English', () => {
    expect(Object.keys(KIOSK_TEXTS.en).sort()).toEqual(Object.keys(KIOSK_TEXTS.de).sort());
    for (const text of [...Object.values(KIOSK_TEXTS.de), ...Object.values(KIOSK_TEXTS.en)]) {
      expect(text.trim()).not.toBe('');
    }
  });

  it('names the setting, the value given and the value used, as plain text', () => {
    expect(kioskProblemText('de', { kind: 'idleOutOfRange', value: '4', used: 5 })).toBe(
      '„idleSeconds=4“ liegt nicht zwischen 5 und 3600 Sekunden; es gelten 5 s.',
    );
    expect(kioskProblemText('en', { kind: 'idleNotNumber', value: '<b>x</b>', used: 120 })).toBe(
      '“idleSeconds=<b>x</b>” is not a number of seconds; 120 s apply.',
    );
    expect(kioskProblemText('de', { kind: 'unknownStory', value: 'tour-fr', used: 'tour-de' })).toContain(
      '„tour-fr“',
    );
    expect(kioskProblemText('en', { kind: 'unknownStory', value: 'tour-fr', used: undefined })).toContain(
      'circles the city',
    );
  });
});
