import { describe, expect, it } from 'vitest';
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
