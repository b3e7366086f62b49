import { describe, expect, it } from 'vitest';
import { foldText, houseNumberKey, houseNumberRange, parseAddressQuery, streetKey } from './normalise.ts';

describe('foldText', () => {
  it('lower-cases, writes umlauts as ae/oe/ue and ß as ss, drops other accents and separators', () => {
    expect(foldText('Hünefeld-Straße')).toBe('huenefeld strasse');
    expect(foldText('ÖLBERG  Ärger  Über')).toBe('oelberg aerger ueber');
    expect(foldText('Café René, 12')).toBe('cafe rene 12');
  });
});

describe('streetKey', () => {
  it('gives every way of writing "Straße" the same key, compound or separate', () => {
    const keys = [
      'Hünefeldstraße',
      'Huenefeldstrasse',
      'Hünefeldstr.',
      'hünefeldstr',
      'Hünefeld-Straße',
      'HÜNEFELD STR.',
    ];
    expect(new Set(keys.map(streetKey))).toEqual(new Set(['huenefeldstr']));
    expect(streetKey('Heckinghauser Straße')).toBe(streetKey('Heckinghauserstr.'));
  });
  it('keeps streets apart that only share a beginning', () => {
    expect(streetKey('Bachstraße')).not.toBe(streetKey('Bachweg'));
    expect(streetKey('Strasser Weg')).toBe('strasserweg');
  });
});

describe('house numbers', () => {
  it('writes suffixes and ranges one way', () => {
    expect(houseNumberKey('12a')).toBe('12a');
    expect(houseNumberKey('12 A')).toBe('12a');
    expect(houseNumberKey('12-14')).toBe('12-14');
    expect(houseNumberKey('12 - 14')).toBe('12-14');
  });
  it('knows the numbers a range covers', () => {
    expect(houseNumberRange('12-14')).toEqual({ from: 12, to: 14 });
    expect(houseNumberRange('7b')).toEqual({ from: 7, to: 7 });
    expect(houseNumberRange('')).toBeUndefined();
  });
});

describe('parseAddressQuery', () => {
  it('splits street, number, postcode and locality', () => {
    expect(parseAddressQuery('Hünefeldstr. 12 a, 42285 Wuppertal')).toEqual({
      streetWords: ['huenefeldstr'],
      houseNumber: '12a',
      postcode: '42285',
      localityWords: ['wuppertal'],
    });
  });
  it('reads a street without a number, and a number range', () => {
    expect(parseAddressQuery('heckinghauser strasse')).toEqual({
      streetWords: ['heckinghauser', 'str'],
      localityWords: [],
    });
    expect(parseAddressQuery('Bachstraße 12-14').houseNumber).toBe('12-14');
  });
  it('keeps a leading number in the street and takes a place after the number', () => {
    expect(parseAddressQuery('7. Straße 3').streetWords).toEqual(['7', 'str']);
    expect(parseAddressQuery('Bachstr 3 Wuppertal')).toEqual({
      streetWords: ['bachstr'],
      houseNumber: '3',
      localityWords: ['wuppertal'],
    });
  });
});
