import { describe, expect, it } from 'vitest';
import { attributeDisplayValue, attributeLabel, attributeRows, formatAttributeValue } from './format.ts';

describe('attribute formatting', () => {
  it('labels known properties in both languages and keeps unknown ids', () => {
    expect(attributeLabel('gml_id', 'de')).toBe('Kennung (gml:id)');
    expect(attributeLabel('gml_id', 'en')).toBe('Identifier (gml:id)');
    expect(attributeLabel('Firsthoehe', 'en')).toBe('Firsthoehe');
  });

  it('names roof type codes and formats numbers', () => {
    expect(attributeDisplayValue('roofType', '3100', 'de')).toBe('3100 (Satteldach)');
    expect(attributeDisplayValue('roofType', '77', 'en')).toBe('77');
    expect(formatAttributeValue(12)).toBe('12');
    expect(formatAttributeValue(12.345)).toBe('12.35');
    expect(formatAttributeValue(7n)).toBe('7');
    expect(formatAttributeValue([1, 2])).toBe('[1,2]');
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
