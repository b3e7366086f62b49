/**
 * The address index the converter writes beside a tileset (`addresses.json`) and the viewer's search reads:
 * every address of every building written, plus the gml:id of every other object, each with its centre
 * (WGS84 degrees) and ground height (ellipsoidal metres), so the viewer finds and flies to any of them
 * without loading a tile.
 *
 * Compact JSON: streets, postcodes and localities once each in dictionaries; an address is a small array
 * `[street, number, postcode, locality, gmlId, lon, lat, height]` with dictionary indices (−1: none), longitude
 * and latitude as integers in millionths of a degree (≈ 0.1 m) and the height in metres to 0.1 m. Entries are
 * sorted (street, number, id), so the same buildings always give the same bytes, whatever order they came in.
 */
import type { Address } from '../citygml/types.ts';
import { decodeUtf8, encodeUtf8 } from '../tiles/utf8.ts';
import { houseNumberRange, streetKey } from './normalise.ts';
import { Column } from '../util/column.ts';
import { placeOfPositions } from './place.ts';
import type { PlacePoint } from './place.ts';

/** File name of the index beside tileset.json. */
export const ADDRESS_INDEX_FILE = 'addresses.json';
/** Value of the index's `type` field. */
export const ADDRESS_INDEX_TYPE = 'StadtmodellAddressIndex';
/** Format version this code writes and reads. */
export const ADDRESS_INDEX_VERSION = 1;
/** Longitude and latitude are stored as integers in this many parts of a degree. */
export const DEGREE_SCALE = 1e6;

/** One address entry: street, number, postcode, locality (dictionary indices, −1 none), gml:id, lon, lat (1e-6°), height (m). */
export type AddressRow = [number, string, number, number, string, number, number, number];
/** An object without an address: gml:id, lon, lat (1e-6°), ground height (ellipsoidal metres). */
export type BuildingRow = [string, number, number, number];

/** The index as written (JSON). */
export interface AddressIndexJson {
  type: typeof ADDRESS_INDEX_TYPE;
  version: typeof ADDRESS_INDEX_VERSION;
  /** Field names of an `addresses` row, for readers of the file. */
  fields: string[];
  streets: string[];
  postcodes: string[];
  localities: string[];
  addresses: AddressRow[];
  buildings: BuildingRow[];
}

const FIELDS = ['street', 'number', 'postcode', 'locality', 'gmlId', 'lon1e6', 'lat1e6', 'groundHeight'];

/** What the index needs of a written object: its gml:id, addresses and ECEF vertices. */
export interface IndexedObject {
  id: string;
  addresses?: readonly Address[];
  positions: Float64Array;
}

const round = (value: number, scale: number) => Math.round(value * scale) / scale;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders house numbers as people do: 2 < 10 < 10a < 12-14; then by text. */
function compareNumbers(a: string, b: string): number {
  const ra = houseNumberRange(a);
  const rb = houseNumberRange(b);
  if (ra && rb && ra.from !== rb.from) return ra.from - rb.from;
  if (ra && !rb) return -1;
  if (!ra && rb) return 1;
  return compareText(a, b);
}

/** Distinct texts of one field, each stored once; entries hold its number (−1: none). */
class TextTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  id(value: string | undefined): number {
    if (value === undefined) return -1;
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(value);
      this.index.set(value, id);
    }
    return id;
  }
  text(id: number): string | undefined {
    return id < 0 ? undefined : this.list[id];
  }
  /** Rank of each id in `compare` order (−1 stays below every rank), for comparing entries as integers. */
  ranks(compare: (a: string, b: string) => number): Int32Array {
    const order = this.list.map((_, id) => id).sort((a, b) => compare(this.list[a]!, this.list[b]!));
    const ranks = new Int32Array(this.list.length);
    order.forEach((id, rank) => (ranks[id] = rank));
    return ranks;
  }
  /** The texts sorted (`compareText`) and each id's position in that list (−1 stays −1). */
  dictionary(): { list: string[]; position: (id: number) => number } {
    const ranks = this.ranks(compareText);
    const list = new Array<string>(this.list.length);
    this.list.forEach((value, id) => (list[ranks[id]!] = value));
    return { list, position: (id) => (id < 0 ? -1 : ranks[id]!) };
  }
}

const int32Column = () => new Column(new Int32Array(0), (n) => new Int32Array(n), 256);

/**
 * Texts (gml:ids) as UTF-8 in one growing byte array with an end offset each: about 20 bytes for a 16-character id
 * instead of about 40 for a string and its reference, which is a fifth of the main thread's memory per building at a
 * million buildings. Read back as strings once, when the index is sorted and written.
 */
class Utf8Column {
  private bytes = new Uint8Array(4096);
  private used = 0;
  private readonly ends = new Column(new Uint32Array(0), (n) => new Uint32Array(n), 256);
  get length(): number {
    return this.ends.length;
  }
  push(text: string): void {
    const length = text.length;
    // Room for the worst case (3 bytes per UTF-16 unit); grown by a quarter, not doubled, to waste less.
    if (this.used + length * 3 > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.used + length * 3, Math.ceil(this.bytes.length * 1.25)));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    let ascii = true;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        ascii = false;
        break;
      }
      this.bytes[this.used + i] = code;
    }
    if (ascii) this.used += length;
    else {
      const encoded = encodeUtf8(text);
      this.bytes.set(encoded, this.used);
      this.used += encoded.length;
    }
    this.ends.push(this.used);
  }
  /** The `i`th text pushed. */
  text(i: number): string {
    const ends = this.ends.data;
    return decodeUtf8(this.bytes, i > 0 ? ends[i - 1]! : 0, ends[i]!);
  }
  /**
   * The order of texts `i` and `j` as `compareText` gives it (UTF-16 code units), from their bytes without making
   * strings: UTF-8 bytes sort as code points, which differ from code units only where a character beyond U+FFFF
   * (lead byte F0–F4) meets one of U+E000–U+FFFF (lead byte EE–EF); those two are swapped.
   */
  compare(i: number, j: number): number {
    const ends = this.ends.data;
    const bytes = this.bytes;
    let a = i > 0 ? ends[i - 1]! : 0;
    let b = j > 0 ? ends[j - 1]! : 0;
    const aEnd = ends[i]!;
    const bEnd = ends[j]!;
    for (; a < aEnd && b < bEnd; a++, b++) {
      const x = bytes[a]!;
      const y = bytes[b]!;
      if (x === y) continue;
      if (x >= 0xee && y >= 0xee && x <= 0xf4 && y <= 0xf4 && x >= 0xf0 !== y >= 0xf0)
        return x >= 0xf0 ? -1 : 1;
      return x - y;
    }
    return aEnd - a - (bEnd - b);
  }
}

/**
 * Entries as columns: a few dozen bytes per address (a million buildings stay well under 100 MB). Heights are
 * kept in decimetres (the file's precision), which gives back exactly the number rounded to 0.1 m.
 */
class EntryColumns {
  readonly ids = new Utf8Column();
  readonly lon = int32Column();
  readonly lat = int32Column();
  readonly decimetres = int32Column();
  get length(): number {
    return this.ids.length;
  }
  push(id: string, lon: number, lat: number, height: number): void {
    this.ids.push(id);
    this.lon.push(lon);
    this.lat.push(lat);
    this.decimetres.push(Math.round(height * 10));
  }
  height(i: number): number {
    return this.decimetres.data[i]! / 10;
  }
}

/**
 * JSON rows, one per line, handed to `emit` as texts of about 64 K characters (a large index never becomes one
 * huge string).
 */
function rowTexts(count: number, row: (i: number) => unknown, emit: (text: string) => void): void {
  if (count === 0) {
    emit('[]');
    return;
  }
  let text = '[\n';
  for (let i = 0; i < count; i++) {
    text += JSON.stringify(row(i));
    text += i + 1 < count ? ',\n' : '\n]';
    if (text.length >= 1 << 16) {
      emit(text);
      text = '';
    }
  }
  emit(text);
}

/** Bytes of `text` in UTF-8, counted without encoding it (lone surrogates count as U+FFFD, as they are written). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2; // a pair: 4 bytes for 2 units
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * Collects the index while a tileset is built: `add` each object written (its addresses, or its id alone),
 * then `bytes()` for the file. Memory: columns and one dictionary per text field, a few dozen bytes per
 * address besides its gml:id.
 */
export class AddressIndexBuilder {
  private readonly streets = new TextTable();
  private readonly numbers = new TextTable();
  private readonly postcodes = new TextTable();
  private readonly localities = new TextTable();
  private readonly street = int32Column();
  private readonly number = int32Column();
  private readonly postcode = int32Column();
  private readonly locality = int32Column();
  private readonly entries = new EntryColumns();
  private readonly others = new EntryColumns();

  /** Number of address entries so far. */
  get addressCount(): number {
    return this.entries.length;
  }

  private pushEntry(
    street: string,
    number: string,
    postcode: string | undefined,
    locality: string | undefined,
    id: string,
    lon: number,
    lat: number,
    height: number,
  ): void {
    this.street.push(this.streets.id(street));
    this.number.push(this.numbers.id(number));
    this.postcode.push(this.postcodes.id(postcode));
    this.locality.push(this.localities.id(locality));
    this.entries.push(id, lon, lat, height);
  }

  /**
   * Adds every entry of an index written earlier (one per shard of a sharded conversion): the merged
   * index equals the one a single run over all the objects writes.
   */
  addIndex(index: AddressIndexJson): void {
    const text = (list: string[], i: number) => (i < 0 ? undefined : list[i]);
    for (const [street, number, postcode, locality, id, lon, lat, height] of index.addresses) {
      this.pushEntry(
        index.streets[street] ?? '',
        number,
        text(index.postcodes, postcode),
        text(index.localities, locality),
        id,
        lon,
        lat,
        height,
      );
    }
    for (const [id, lon, lat, height] of index.buildings) this.others.push(id, lon, lat, height);
  }

  /** Adds an object: one entry per address with a street (duplicates of the same object merged), else its id. */
  add(object: IndexedObject): void {
    const place = placeOfPositions(object.positions);
    if (place) this.addPlaced(object, place);
  }

  /**
   * Adds an object whose place (`placeOfPositions` of its positions) is known already, e.g. from a
   * reading thread's mesh summary; a NaN longitude stands for no place (the object is left out, as by `add`).
   */
  addPlaced(object: Omit<IndexedObject, 'positions'>, place: PlacePoint): void {
    if (Number.isNaN(place.longitude)) return;
    const lon = Math.round(place.longitude * DEGREE_SCALE);
    const lat = Math.round(place.latitude * DEGREE_SCALE);
    const height = round(place.height, 10);
    let seen: Set<string> | undefined;
    for (const address of object.addresses ?? []) {
      const street = address.street?.trim();
      if (!street) continue;
      const number = address.houseNumber?.trim() ?? '';
      const postcode = address.postalCode?.trim() || undefined;
      const locality = address.locality?.trim() || undefined;
      const key = `${street}\u0000${number}\u0000${postcode}\u0000${locality}`;
      if (seen?.has(key)) continue;
      (seen ??= new Set()).add(key);
      this.pushEntry(street, number, postcode, locality, object.id, lon, lat, height);
    }
    if (!seen) this.others.push(object.id, lon, lat, height);
  }

  /**
   * The entries' order in the file: street (by its search key, then text), number (as people count),
   * postcode, locality, gml:id, then the order added. Compared as integer ranks, not texts.
   */
  private entryOrder(): Uint32Array {
    const streetKeys = new Map(this.streets.list.map((street) => [street, streetKey(street)]));
    const street = this.streets.ranks(
      (a, b) => compareText(streetKeys.get(a)!, streetKeys.get(b)!) || compareText(a, b),
    );
    const number = this.numbers.ranks(compareNumbers);
    const postcode = this.postcodes.ranks(compareText);
    const locality = this.localities.ranks(compareText);
    const rank = (ranks: Int32Array, id: number) => (id < 0 ? -1 : ranks[id]!);
    const s = this.street.data;
    const n = this.number.data;
    const p = this.postcode.data;
    const l = this.locality.data;
    const ids = this.entries.ids;
    const order = new Uint32Array(this.entries.length).map((_, i) => i);
    return order.sort(
      (a, b) =>
        street[s[a]!]! - street[s[b]!]! ||
        number[n[a]!]! - number[n[b]!]! ||
        rank(postcode, p[a]!) - rank(postcode, p[b]!) ||
        rank(locality, l[a]!) - rank(locality, l[b]!) ||
        ids.compare(a, b) ||
        a - b,
    );
  }

  /** Objects without an address by gml:id, then the order added. */
  private otherOrder(): Uint32Array {
    const ids = this.others.ids;
    return new Uint32Array(this.others.length).map((_, i) => i).sort((a, b) => ids.compare(a, b) || a - b);
  }

  /** The head of the file (dictionaries) and a row writer per list, in file order. */
  private layout():
    | {
        head: Omit<AddressIndexJson, 'addresses' | 'buildings'>;
        addresses: { count: number; row: (i: number) => AddressRow };
        buildings: { count: number; row: (i: number) => BuildingRow };
      }
    | undefined {
    if (this.entries.length === 0 && this.others.length === 0) return undefined;
    const streets = this.streets.dictionary();
    const postcodes = this.postcodes.dictionary();
    const localities = this.localities.dictionary();
    const { entries, others } = this;
    const entryOrder = this.entryOrder();
    const otherOrder = this.otherOrder();
    return {
      head: {
        type: ADDRESS_INDEX_TYPE,
        version: ADDRESS_INDEX_VERSION,
        fields: FIELDS,
        streets: streets.list,
        postcodes: postcodes.list,
        localities: localities.list,
      },
      addresses: {
        count: entries.length,
        row: (i) => {
          const e = entryOrder[i]!;
          return [
            streets.position(this.street.data[e]!),
            this.numbers.text(this.number.data[e]!) ?? '',
            postcodes.position(this.postcode.data[e]!),
            localities.position(this.locality.data[e]!),
            entries.ids.text(e),
            entries.lon.data[e]!,
            entries.lat.data[e]!,
            entries.height(e),
          ];
        },
      },
      buildings: {
        count: others.length,
        row: (i) => {
          const o = otherOrder[i]!;
          return [others.ids.text(o), others.lon.data[o]!, others.lat.data[o]!, others.height(o)];
        },
      },
    };
  }

  /** The index, or undefined when nothing was added. Sorted: the same objects give the same JSON in any order. */
  toJson(): AddressIndexJson | undefined {
    const layout = this.layout();
    if (!layout) return undefined;
    const { head, addresses, buildings } = layout;
    return {
      ...head,
      addresses: Array.from({ length: addresses.count }, (_, i) => addresses.row(i)),
      buildings: Array.from({ length: buildings.count }, (_, i) => buildings.row(i)),
    };
  }

  /** The index file's bytes (UTF-8 JSON, one address per line for readable diffs), or undefined when empty. */
  bytes(): Uint8Array | undefined {
    const layout = this.layout();
    if (!layout) return undefined;
    const { head, addresses, buildings } = layout;
    // Written twice over: once to count the bytes, once into a buffer of exactly that size, so the file is never
    // held twice (as chunks and joined), which was the converter's memory peak at a million buildings.
    const write = (emit: (text: string) => void) => {
      emit(`${JSON.stringify(head).slice(0, -1)},"addresses":`);
      rowTexts(addresses.count, addresses.row, emit);
      emit(',"buildings":');
      rowTexts(buildings.count, buildings.row, emit);
      emit('}\n');
    };
    let total = 0;
    write((text) => (total += utf8Length(text)));
    const bytes = new Uint8Array(total);
    let at = 0;
    write((text) => {
      const chunk = encodeUtf8(text);
      bytes.set(chunk, at);
      at += chunk.byteLength;
    });
    if (at !== total) throw new Error(`address index: ${at} bytes written, ${total} counted`);
    return bytes;
  }
}

/** A bad index file: the message names what was wrong and where. */
export class AddressIndexError extends Error {
  override readonly name = 'AddressIndexError';
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AddressIndexError(`address index: ${message}`);
}

const isInt = (value: unknown): value is number => Number.isInteger(value);

/**
 * Checks parsed JSON against the index format; throws `AddressIndexError` naming the first fault (field, row).
 * Rows pointing outside a dictionary or with coordinates outside the globe are refused, not guessed.
 */
export function parseAddressIndex(value: unknown): AddressIndexJson {
  check(typeof value === 'object' && value !== null && !Array.isArray(value), 'not a JSON object');
  const json = value as Partial<AddressIndexJson>;
  check(
    json.type === ADDRESS_INDEX_TYPE,
    `type is ${JSON.stringify(json.type)}, expected "${ADDRESS_INDEX_TYPE}"`,
  );
  check(
    json.version === ADDRESS_INDEX_VERSION,
    `version ${String(json.version)} is not supported (expected 1)`,
  );
  for (const field of ['streets', 'postcodes', 'localities'] as const) {
    const list = json[field];
    check(
      Array.isArray(list) && list.every((s) => typeof s === 'string'),
      `${field} must be a list of texts`,
    );
  }
  const coordinatesOk = (lon: unknown, lat: unknown, height: unknown) =>
    isInt(lon) &&
    isInt(lat) &&
    Math.abs(lon) <= 180 * DEGREE_SCALE &&
    Math.abs(lat) <= 90 * DEGREE_SCALE &&
    typeof height === 'number' &&
    Number.isFinite(height);
  check(Array.isArray(json.addresses), 'addresses must be a list');
  json.addresses.forEach((row: unknown, i) => {
    const r = row as unknown[];
    check(
      Array.isArray(r) &&
        r.length === 8 &&
        isInt(r[0]) &&
        r[0] >= 0 &&
        r[0] < json.streets!.length &&
        typeof r[1] === 'string' &&
        isInt(r[2]) &&
        r[2] >= -1 &&
        r[2] < json.postcodes!.length &&
        isInt(r[3]) &&
        r[3] >= -1 &&
        r[3] < json.localities!.length &&
        typeof r[4] === 'string' &&
        coordinatesOk(r[5], r[6], r[7]),
      `addresses row ${i + 1} is not [street, number, postcode, locality, gmlId, lon, lat, height] within the dictionaries`,
    );
  });
  const buildings = json.buildings ?? [];
  check(Array.isArray(buildings), 'buildings must be a list');
  buildings.forEach((row: unknown, i) => {
    const r = row as unknown[];
    check(
      Array.isArray(r) && r.length === 4 && typeof r[0] === 'string' && coordinatesOk(r[1], r[2], r[3]),
      `buildings row ${i + 1} is not [gmlId, lon, lat, height]`,
    );
  });
  return { ...(json as AddressIndexJson), buildings };
}
