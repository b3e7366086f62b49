import { describe, expect, it } from 'vitest';
import type { AddressIndexJson } from './address-index.ts';
import { prepareIndex, search } from './match.ts';
import type { NamedPlace } from './match.ts';

const INDEX: AddressIndexJson = {
  type: 'StadtmodellAddressIndex',
  version: 1,
  fields: [],
  streets: ['Bachstraße', 'Heckinghauser Straße', 'Hünefeldstraße', 'Sankt-Martin-Straße'],
  postcodes: ['42275', '42285'],
  localities: ['Wuppertal'],
  addresses: [
    [0, '2', 0, 0, 'bach-2', 7_200_000, 51_270_000, 180],
    [0, '12', 0, 0, 'bach-12', 7_200_100, 51_270_000, 181],
    [1, '3', 1, 0, 'heck-3', 7_201_000, 51_271_000, 190],
    [2, '3', 1, 0, 'huen-3', 7_202_000, 51_272_000, 200],
    [2, '12', 1, 0, 'huen-12', 7_202_100, 51_272_000, 201],
    [2, '12a', 1, 0, 'huen-12a', 7_202_200, 51_272_000, 202],
    [2, '14-16', 1, 0, 'huen-14', 7_202_300, 51_272_000, 203],
    [3, '1', 1, 0, 'martin-1', 7_203_000, 51_273_000, 210],
  ],
  buildings: [['DEBW_garage_7', 7_204_000, 51_274_000, 170]],
};
const PREPARED = [prepareIndex('city', INDEX)];
const PLACES: NamedPlace[] = [
  { kind: 'school', id: 'school-1', name: 'Gymnasium Sedanstraße' },
  { kind: 'plan', id: 'bplan-demo', name: 'Bebauungsplan Toelleturm' },
];
const ids = (query: string) => search(PREPARED, PLACES, query).map((r) => r.gmlId ?? r.ref);

describe('search', () => {
  it('finds street and number however "Straße" and umlauts are written', () => {
    for (const query of [
      'Hünefeldstraße 3',
      'huenefeldstrasse 3',
      'Hünefeldstr. 3',
      'Huenefeld 3',
      'hünefeld str 3',
    ]) {
      expect(ids(query)[0]).toBe('huen-3');
    }
  });
  it('ranks the exact number before numbers that begin with it or ranges that hold it', () => {
    expect(ids('Hünefeldstraße 12')).toEqual(['huen-12', 'huen-12a']);
    expect(ids('Hünefeldstraße 12 a')).toEqual(['huen-12a']);
    expect(ids('Hünefeldstraße 15')).toEqual(['huen-14']);
  });
  it("lists a street's addresses by number when no number is typed", () => {
    expect(ids('Hünefeld')).toEqual(['huen-3', 'huen-12', 'huen-12a', 'huen-14']);
    expect(ids('martin')).toEqual(['martin-1']);
  });
  it('finds a later word of a street of 20 000 words, and only that street', () => {
    const long: AddressIndexJson = {
      ...INDEX,
      streets: [`${'a '.repeat(20_000)}Zielweg`, 'Bachstraße'],
      addresses: [
        [0, '1', 0, 0, 'long-1', 7_205_000, 51_275_000, 150],
        [1, '2', 0, 0, 'bach-2', 7_200_000, 51_270_000, 180],
      ],
    };
    const prepared = [prepareIndex('long', long)];
    expect(search(prepared, [], 'Zielweg 1').map((r) => r.gmlId)).toEqual(['long-1']);
    expect(search(prepared, [], 'zzzz').map((r) => r.gmlId)).toEqual([]);
  });
  it('filters by postcode and locality', () => {
    expect(ids('Bachstr 2, 42275')).toEqual(['bach-2']);
    expect(ids('Bachstr 2, 42285')).toEqual([]);
    expect(ids('Bachstr 2, Wupp')).toEqual(['bach-2']);
  });
  it('forgives one typo and an umlaut written without its e', () => {
    expect(ids('Hunefeld 3')).toEqual(['huen-3']);
    expect(ids('Heckinhauser 3')).toEqual(['heck-3']);
  });
  it('finds schools and plans by name and words of it, and objects by gml:id', () => {
    expect(ids('sedan')).toEqual(['school-1']);
    expect(ids('Gymnasium')).toEqual(['school-1']);
    expect(ids('toelleturm')).toEqual(['bplan-demo']);
    expect(ids('debw_gar')).toEqual(['DEBW_garage_7']);
    expect(ids('huen-12a')[0]).toBe('huen-12a');
  });
  it("keeps a school of a street's name on a list full of that street's numbers", () => {
    const many: AddressIndexJson = {
      ...INDEX,
      streets: ['Sedanstraße'],
      addresses: Array.from({ length: 20 }, (_, i) => [
        0,
        String(i + 1),
        0,
        0,
        `sedan-${i + 1}`,
        7_200_000,
        51_270_000,
        180,
      ]),
      buildings: [],
    };
    const results = search([prepareIndex('many', many)], PLACES, 'Sedanstr');
    expect(results).toHaveLength(8);
    expect(results.map((r) => r.ref ?? r.gmlId)).toContain('school-1');
    expect(results[0]!.gmlId).toBe('sedan-1');
  });
  it('carries the place in degrees and ellipsoidal metres, and finds nothing for one letter', () => {
    const [first] = search(PREPARED, PLACES, 'Bachstraße 12');
    expect(first).toMatchObject({ kind: 'address', label: 'Bachstraße 12', detail: '42275 Wuppertal' });
    expect(first!.place).toEqual({ longitude: 7.2001, latitude: 51.27, height: 181 });
    expect(search(PREPARED, PLACES, 'b')).toEqual([]);
  });
});
