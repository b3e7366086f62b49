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
});
