/**
 * The search as you type: addresses from address indexes (`address-index.ts`), and named places (schools,
 * plans) and object ids from elsewhere, ranked together. Street and house number matching exactly come first,
 * then the street's other numbers, then streets only by the beginning of their name, then near misses (one
 * typo), then names and ids.
 */
import { DEGREE_SCALE } from './address-index.ts';
import type { AddressIndexJson } from './address-index.ts';
import type { PlacePoint } from './place.ts';
import {
  foldText,
  houseNumberKey,
  houseNumberRange,
  parseAddressQuery,
  streetKey,
  streetWords,
} from './normalise.ts';

/** Kinds of things the search finds. */
export type SearchKind = 'address' | 'school' | 'plan' | 'place' | 'building';

/** One result. */
export interface SearchResult {
  kind: SearchKind;
  /** Unique within one result list (kind, source and id). */
  key: string;
  /** Main text: "Hünefeldstraße 12a" or the school's name, as published. */
  label: string;
  /** Second line: "42285 Wuppertal", the plan's id …; empty when there is nothing to add. */
  detail: string;
  /** gml:id of the building to select (addresses and ids). */
  gmlId?: string;
  /** Id of the school feature or plan to open (named places). */
  ref?: string;
  /** Where it is: centre in WGS84 degrees, ground in ellipsoidal metres; absent when unknown. */
  place?: PlacePoint;
  /** Lower is better (see `RANK`). */
  rank: number;
}

/** Ranks; results are listed by rank, then by label. */
export const RANK = {
  streetAndNumber: 0,
  streetAndNumberNear: 1,
  streetOnly: 2,
  streetPrefix: 3,
  streetWord: 4,
  namedExact: 1,
  namedPrefix: 3,
  namedWord: 4,
  streetFuzzy: 5,
  id: 6,
} as const;

/** Options of a search. */
export interface SearchOptions {
  /** Most results returned. */
  limit?: number;
  /** Shortest query (folded characters) that searches at all. */
  minLength?: number;
}

export const SEARCH_DEFAULTS: Required<SearchOptions> = { limit: 8, minLength: 2 };

/** Places in a full result list kept for named places (schools, plans) that match. */
const NAMED_PLACES_KEPT = 2;

/** A named place to search by name: a school, a plan, another layer's feature. */
export interface NamedPlace {
  kind: Exclude<SearchKind, 'address' | 'building'>;
  /** Id of the feature or plan (opened when chosen). */
  id: string;
  name: string;
  detail?: string;
  place?: PlacePoint;
}

/** An address index prepared for searching (street keys folded once). */
export interface PreparedIndex {
  /** Distinguishes indexes (one per tileset or import) in result keys. */
  source: string;
  index: AddressIndexJson;
  streetKeys: string[];
  streetWordLists: string[][];
  /** Address rows by street, in the file's order (by number). */
  rowsByStreet: number[][];
}

/** Folds the streets of `index` once, for `searchAddresses`. */
export function prepareIndex(source: string, index: AddressIndexJson): PreparedIndex {
  const rowsByStreet: number[][] = index.streets.map(() => []);
  index.addresses.forEach((row, i) => rowsByStreet[row[0]]?.push(i));
  return {
    source,
    index,
    streetKeys: index.streets.map(streetKey),
    streetWordLists: index.streets.map(streetWords),
    rowsByStreet,
  };
}

/** Whether `a` becomes `b`'s beginning with at most one edit (a typo: a letter wrong, missing or extra). */
function prefixWithinOneEdit(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    return (
      a.slice(i + 1) === b.slice(i + 1, a.length) || // substituted
      b.startsWith(a.slice(i), i + 1) || // missing in `a`
      a.slice(i + 1) === b.slice(i, a.length - 1) // extra in `a`
    );
  }
  return true;
}

/** How well a street matches the query's street words (a rank), or undefined. */
function streetRank(query: string[], key: string, words: string[]): number | undefined {
  const joined = query.join('');
  if (joined.length === 0) return undefined;
  if (key === joined) return RANK.streetAndNumber;
  if (key.startsWith(joined)) return RANK.streetPrefix;
  // A later word of the street begins with the query: "martin" finds "Sankt-Martin-Straße" ("str" alone finds nothing).
  // `key` is the words joined: the street from word w on starts where the words before it end (no joining per
  // word, which took seconds per search on a street of 20 000 words)
  if (joined !== 'str') {
    let offset = 0;
    for (let w = 1; w < words.length; w++) {
      offset += words[w - 1]!.length;
      if (key.startsWith(joined, offset)) return RANK.streetWord;
    }
  }
  if (joined.length >= 4 && prefixWithinOneEdit(joined, key)) return RANK.streetFuzzy;
  return undefined;
}

function placeOf(lon: number, lat: number, height: number): PlacePoint {
  return { longitude: lon / DEGREE_SCALE, latitude: lat / DEGREE_SCALE, height };
}

/** How a row's house number matches the query's: 0 exact, 1 near (12 finds 12a and 12-14), undefined none. */
function numberMatch(query: string, number: string): number | undefined {
  const key = houseNumberKey(number);
  if (key === query) return 0;
  if (key.startsWith(query) && !/^\d/.test(key.slice(query.length))) return 1;
  const range = houseNumberRange(number);
  const wanted = /^\d+$/.test(query) ? Number(query) : undefined;
  if (range && wanted !== undefined && wanted >= range.from && wanted <= range.to) return 1;
  return undefined;
}

/** Address results of one index for `query` (unsorted, unlimited). */
export function searchAddresses(prepared: PreparedIndex, query: string): SearchResult[] {
  const q = parseAddressQuery(query);
  const { index } = prepared;
  const results: SearchResult[] = [];
  prepared.streetKeys.forEach((key, street) => {
    const rank = streetRank(q.streetWords, key, prepared.streetWordLists[street]!);
    if (rank === undefined) return;
    for (const i of prepared.rowsByStreet[street]!) {
      const row = index.addresses[i]!;
      const postcode = row[2] >= 0 ? index.postcodes[row[2]]! : '';
      const locality = row[3] >= 0 ? index.localities[row[3]]! : '';
      if (q.postcode !== undefined && postcode !== q.postcode) continue;
      if (q.localityWords.length > 0 && !foldText(locality).startsWith(q.localityWords.join(' '))) continue;
      let rowRank: number;
      if (q.houseNumber === undefined) rowRank = Math.max(rank, RANK.streetOnly);
      else {
        const match = numberMatch(q.houseNumber, row[1]);
        if (match === undefined) continue;
        rowRank = rank === RANK.streetAndNumber ? match : rank + match / 2;
      }
      results.push({
        kind: 'address',
        key: `address:${prepared.source}:${i}`,
        label: [index.streets[row[0]], row[1]].filter(Boolean).join(' '),
        detail: [postcode, locality].filter(Boolean).join(' '),
        gmlId: row[4],
        place: placeOf(row[5], row[6], row[7]),
        rank: rowRank,
      });
    }
  });
  return results;
}

/** Id results of one index: gml:ids beginning with the query (case-insensitive, at least 3 characters). */
export function searchIds(prepared: PreparedIndex, query: string): SearchResult[] {
  const q = query.trim().toLowerCase();
  if (q.length < 3 || /\s/.test(q)) return [];
  const results: SearchResult[] = [];
  const seen = new Set<string>();
  const add = (id: string, lon: number, lat: number, height: number, detail: string) => {
    if (seen.has(id) || !id.toLowerCase().startsWith(q)) return;
    seen.add(id);
    results.push({
      kind: 'building',
      key: `building:${prepared.source}:${id}`,
      label: id,
      detail,
      gmlId: id,
      place: placeOf(lon, lat, height),
      rank: id.toLowerCase() === q ? RANK.streetAndNumber : RANK.id,
    });
  };
  const { index } = prepared;
  for (const row of index.addresses)
    add(row[4], row[5], row[6], row[7], [index.streets[row[0]], row[1]].join(' '));
  for (const row of index.buildings) add(row[0], row[1], row[2], row[3], '');
  return results;
}

/** Named places whose name (folded) equals, begins with, or has a word beginning with the query. */
export function searchNamed(places: readonly NamedPlace[], query: string): SearchResult[] {
  const q = foldText(query);
  if (q.length === 0) return [];
  const results: SearchResult[] = [];
  for (const place of places) {
    const name = foldText(place.name);
    const rank =
      name === q
        ? RANK.namedExact
        : name.startsWith(q)
          ? RANK.namedPrefix
          : name.includes(` ${q}`) || streetKey(place.name).includes(streetKey(query))
            ? RANK.namedWord
            : undefined;
    if (rank === undefined) continue;
    results.push({
      kind: place.kind,
      key: `${place.kind}:${place.id}`,
      label: place.name,
      detail: place.detail ?? '',
      ref: place.id,
      ...(place.place ? { place: place.place } : {}),
      rank,
    });
  }
  return results;
}

/** Everything that matches `query`, best first, at most `limit`; nothing for a query shorter than `minLength`. */
export function search(
  indexes: readonly PreparedIndex[],
  places: readonly NamedPlace[],
  query: string,
  options: SearchOptions = {},
): SearchResult[] {
  const limit = options.limit ?? SEARCH_DEFAULTS.limit;
  const minLength = options.minLength ?? SEARCH_DEFAULTS.minLength;
  if (foldText(query).replace(/ /g, '').length < minLength) return [];
  const all = [
    ...indexes.flatMap((prepared) => [...searchAddresses(prepared, query), ...searchIds(prepared, query)]),
    ...searchNamed(places, query),
  ];
  // Keep document order within a rank (streets by name, numbers ascending): a stable sort by rank only.
  all.sort((a, b) => a.rank - b.rank);
  // A building found by address and by id is listed once, as its address.
  const chosen = new Set<string>();
  const unique = all.filter((result) => {
    if (result.kind === 'building' && chosen.has(result.gmlId!)) return false;
    if (result.kind === 'address') chosen.add(result.gmlId!);
    return true;
  });
  // A street's many numbers must not push a school or plan of the same name off the list: names keep two places.
  const named = unique.filter((result) => result.ref !== undefined);
  const kept = Math.min(named.length, NAMED_PLACES_KEPT);
  const others = unique.filter((result) => result.ref === undefined);
  const top = unique.slice(0, limit);
  if (top.filter((result) => result.ref !== undefined).length >= kept) return top;
  return [...others.slice(0, limit - kept), ...named.slice(0, kept)].sort((a, b) => a.rank - b.rank);
}
