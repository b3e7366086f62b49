import { describe, expect, it } from 'vitest';
import { ADV_FUNCTIONS } from './adv-functions.ts';
import { attributeDisplayValue, attributeLabel, attributeRows, formatAttributeValue } from './format.ts';

describe('attribute formatting', () => {
  it('labels known properties in both languages and keeps unknown ids', () => {
    expect(attributeLabel('gml_id', 'de')).toBe('Kennung (gml:id)');
    expect(attributeLabel('gml_id', 'en')).toBe('Identifier (gml:id)');
    expect(attributeLabel('Dachneigung_Grad', 'en')).toBe('Dachneigung_Grad');
    expect(attributeLabel('constructor', 'de')).toBe('constructor');
    // the AdV's generic LoD2 attributes, as the states' files name them
    expect(attributeLabel('Gemeindeschluessel', 'de')).toBe('Gemeinde\u00adschlüssel');
    expect(attributeLabel('Firsthoehe', 'en')).toBe('Ridge height');
    // fields of XPlanGML plan areas
    expect(attributeLabel('rechtscharakter', 'de')).toBe('Rechtscharakter');
    expect(attributeLabel('rechtscharakter', 'en')).toBe('Legal character');
  });

  it('names roof type codes and formats numbers', () => {
    expect(attributeDisplayValue('roofType', '3100', 'de')).toBe('3100 (Satteldach)');
    expect(attributeDisplayValue('roofType', '77', 'en')).toBe('77');
    expect(attributeDisplayValue('roofType', 'toString', 'en')).toBe('toString');
    expect(formatAttributeValue(12)).toBe('12');
    expect(formatAttributeValue(12.345)).toBe('12.35');
    expect(formatAttributeValue(7n)).toBe('7');
    expect(formatAttributeValue([1, 2])).toBe('[1,2]');
  });

  it("names CityGML object types and the demo city's generic attributes in both languages", () => {
    expect(attributeDisplayValue('objectType', 'Building', 'de')).toBe('Gebäude');
    expect(attributeDisplayValue('objectType', 'BuildingPart', 'en')).toBe('Building part');
    expect(attributeDisplayValue('objectType', 'Bridge', 'de')).toBe('Brücke');
    expect(attributeDisplayValue('objectType', 'ExoticADEThing', 'de')).toBe('ExoticADEThing');
    expect(attributeDisplayValue('objectType', 'constructor', 'de')).toBe('constructor');
    expect(attributeDisplayValue('name', 'Building', 'de')).toBe('Building');
    expect(attributeLabel('Wohneinheiten', 'en')).toBe('Dwellings');
  });

  it("names the AdV's function codes (function, usage) in both languages and keeps others as written", () => {
    expect(attributeDisplayValue('function', '31001_1010', 'de')).toBe('31001_1010 (Wohnhaus)');
    expect(attributeDisplayValue('function', '31001_1010', 'en')).toBe('31001_1010 (Residential house)');
    expect(attributeDisplayValue('usage', '31001_3021', 'de')).toBe('31001_3021 (Allgemein bildende Schule)');
    expect(attributeDisplayValue('function', '51009_1610', 'de')).toBe('51009_1610 (Überdachung)');
    // a bare CityGML code list value (1000 is "residential building" there, not the AdV's 31001_1000) and an
    // unknown code stay as written, as does a code under another property
    expect(attributeDisplayValue('function', '1000', 'de')).toBe('1000');
    expect(attributeDisplayValue('function', '31001_0001', 'de')).toBe('31001_0001');
    expect(attributeDisplayValue('function', '__proto__', 'de')).toBe('__proto__');
    expect(attributeDisplayValue('name', '31001_1010', 'de')).toBe('31001_1010');
  });

  it('has a German and an English name for every AdV function code', () => {
    const entries = Object.entries(ADV_FUNCTIONS);
    expect(entries.length).toBeGreaterThan(300);
    for (const [code, [de, en]] of entries) {
      expect(code).toMatch(/^\d{5}_\d{4}$/);
      expect(de.trim()).toBe(de);
      expect(en.trim()).toBe(en);
      expect(de.length * en.length).toBeGreaterThan(0);
    }
  });

  it("gives a building's place in degrees to 0.1 m and shows decimals with the language's separator", () => {
    expect(formatAttributeValue(7.2020131, 'longitude')).toBe('7.202013');
    expect(formatAttributeValue(51.2928346, 'latitude')).toBe('51.292835');
    expect(formatAttributeValue(28.9, 'measuredHeight')).toBe('28.90');
    expect(formatAttributeValue(1.5, 'constructor')).toBe('1.50');
    expect(attributeRows([['longitude', 7.2020131]])).toEqual([['longitude', '7.202013']]);
    expect(attributeDisplayValue('measuredHeight', '28.90', 'de')).toBe('28,90');
    expect(attributeDisplayValue('latitude', '-51.292835', 'de')).toBe('-51,292835');
    expect(attributeDisplayValue('measuredHeight', '28.90', 'en')).toBe('28.90');
    // ids, codes, years, versions and dates are not decimal numbers
    for (const text of ['1922', '31001_3012', 'DENW34AL0000rEhL', '2.0.1', '2026-06-21', '1.5 m', '.5'])
      expect(attributeDisplayValue('x', text, 'de')).toBe(text);
  });

  it('lists rows in order without empty values', () => {
    expect(
      attributeRows([
        ['gml_id', 'B1'],
        ['name', ''],
        ['address', null],
        ['measuredHeight', 9.5],
      ]),
    ).toEqual([
      ['gml_id', 'B1'],
      ['measuredHeight', '9.50'],
    ]);
  });

  it('shows the external reference and its information system as one row', () => {
    const system = 'http://repository.gdi-de.org/schemas/adv/citygml/fdv/art.htm#_9100';
    expect(
      attributeRows([
        ['gml_id', 'B1'],
        ['externalReference', 'DENW34AL0000rEhL'],
        ['externalReferenceSystem', system],
        ['measuredHeight', 9.5],
      ]),
    ).toEqual([
      ['gml_id', 'B1'],
      ['externalReference', `${system}: DENW34AL0000rEhL`],
      ['measuredHeight', '9.50'],
    ]);
    expect(attributeRows([['externalReferenceSystem', system]])).toEqual([['externalReference', system]]);
    expect(attributeRows([['externalReference', 'urn:x']])).toEqual([['externalReference', 'urn:x']]);
    expect(
      attributeRows([
        ['externalReferenceSystem', ''],
        ['externalReference', undefined],
      ]),
    ).toEqual([]);
  });
});
