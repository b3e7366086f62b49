import { describe, expect, it } from 'vitest';
import { codedFieldText } from './uses.ts';

describe('codedFieldText', () => {
  it('gives the words of a use or a Bauweise code beside the code', () => {
    expect(codedFieldText('besondereArtDerBaulNutzung', '1200')).toBe('1200 (Allgemeines Wohngebiet, WA)');
    expect(codedFieldText('allgArtDerBaulNutzung', '2000')).toBe('2000 (Gemischte Baufläche, M)');
    expect(codedFieldText('allgArtDerBaulNutzung', '9999')).toBe('9999 (Sonstige Baufläche)');
    expect(codedFieldText('bauweise', '2000')).toBe('2000 (geschlossene Bauweise)');
    expect(codedFieldText('bauweise', ' 1000 ')).toBe('1000 (offene Bauweise)');
  });

  it('leaves unknown codes, other fields and inherited names alone', () => {
    expect(codedFieldText('bauweise', '4711')).toBeUndefined();
    expect(codedFieldText('GRZ', '1000')).toBeUndefined();
    expect(codedFieldText('toString', '1000')).toBeUndefined();
    expect(codedFieldText('besondereArtDerBaulNutzung', 'constructor')).toBeUndefined();
  });
});
