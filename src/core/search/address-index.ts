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
import { ecefToGeodetic } from '../tiles/ellipsoid.ts';
import { encodeUtf8 } from '../tiles/utf8.ts';
import { houseNumberRange, streetKey } from './normalise.ts';

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

/** Where an object stands: centre in WGS84 degrees, ground (lowest vertex) in ellipsoidal metres. */
export interface PlacePoint {
  longitude: number;
  latitude: number;
  height: number;
}

/**
 * Centre and ground of a mesh: the centre of its ECEF bounding box in degrees, and the ellipsoidal height of its
 * lowest vertex (the ground a camera looks at). Input: x,y,z per vertex in ECEF metres.
 */
export function placeOfPositions(positions: Float64Array): PlacePoint | undefined {
  if (positions.length < 3) return undefined;
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  let ground = Infinity;
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i]!;
    const y = positions[i + 1]!;
    const z = positions[i + 2]!;
    min[0] = Math.min(min[0]!, x);
    min[1] = Math.min(min[1]!, y);
    min[2] = Math.min(min[2]!, z);
    max[0] = Math.max(max[0]!, x);
    max[1] = Math.max(max[1]!, y);
    max[2] = Math.max(max[2]!, z);
    ground = Math.min(ground, ecefToGeodetic(x, y, z).height);
  }
  const centre = ecefToGeodetic((min[0]! + max[0]!) / 2, (min[1]! + max[1]!) / 2, (min[2]! + max[2]!) / 2);
  if (!Number.isFinite(centre.longitude) || !Number.isFinite(ground)) return undefined;
  return {
    longitude: (centre.longitude * 180) / Math.PI,
    latitude: (centre.latitude * 180) / Math.PI,
    height: ground,
  };
}

/** What the index needs of a written object: its gml:id, addresses and ECEF vertices. */
export interface IndexedObject {
  id: string;
  addresses?: readonly Address[];
  positions: Float64Array;
}

interface Pending {
  street: string;
  number: string;
  postcode: string | undefined;
  locality: string | undefined;
  id: string;
  lon: number;
  lat: number;
  height: number;
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

/**
 * Collects the index while a tileset is built: `add` each object written (its addresses, or its id alone),
 * then `bytes()` for the file. Memory: a few dozen bytes per address.
 */
export class AddressIndexBuilder {
  private readonly pending: Pending[] = [];
  private readonly others: BuildingRow[] = [];

  /** Number of address entries so far. */
  get addressCount(): number {
    return this.pending.length;
  }

  /**
   * Adds every entry of an index written earlier (one per shard of a sharded conversion): the merged
   * index equals the one a single run over all the objects writes.
   */
  addIndex(index: AddressIndexJson): void {
    const text = (list: string[], i: number) => (i < 0 ? undefined : list[i]);
    for (const [street, number, postcode, locality, id, lon, lat, height] of index.addresses) {
      this.pending.push({
        street: index.streets[street] ?? '',
        number,
        postcode: text(index.postcodes, postcode),
        locality: text(index.localities, locality),
        id,
        lon,
        lat,
        height,
      });
    }
    for (const [id, lon, lat, height] of index.buildings) this.others.push([id, lon, lat, height]);
  }

  /** Adds an object: one entry per address with a street (duplicates of the same object merged), else its id. */
  add(object: IndexedObject): void {
    const place = placeOfPositions(object.positions);
    if (!place) return;
    const lon = Math.round(place.longitude * DEGREE_SCALE);
    const lat = Math.round(place.latitude * DEGREE_SCALE);
    const height = round(place.height, 10);
    const seen = new Set<string>();
    for (const address of object.addresses ?? []) {
      const street = address.street?.trim();
      if (!street) continue;
      const entry: Pending = {
        street,
        number: address.houseNumber?.trim() ?? '',
        postcode: address.postalCode?.trim() || undefined,
        locality: address.locality?.trim() || undefined,
        id: object.id,
        lon,
        lat,
        height,
      };
      const key = `${entry.street}\u0000${entry.number}\u0000${entry.postcode}\u0000${entry.locality}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.pending.push(entry);
    }
    if (seen.size === 0) this.others.push([object.id, lon, lat, height]);
  }

  /** The index, or undefined when nothing was added. Sorted: the same objects give the same JSON in any order. */
  toJson(): AddressIndexJson | undefined {
    if (this.pending.length === 0 && this.others.length === 0) return undefined;
    const dictionary = (values: (string | undefined)[]) => {
      const sorted = [...new Set(values.filter((v): v is string => v !== undefined))].sort(compareText);
      return { list: sorted, index: new Map(sorted.map((value, i) => [value, i])) };
    };
    const streets = dictionary(this.pending.map((p) => p.street));
    const postcodes = dictionary(this.pending.map((p) => p.postcode));
    const localities = dictionary(this.pending.map((p) => p.locality));
    const keys = new Map(streets.list.map((street) => [street, streetKey(street)]));
    const entries = [...this.pending].sort(
      (a, b) =>
        compareText(keys.get(a.street)!, keys.get(b.street)!) ||
        compareText(a.street, b.street) ||
        compareNumbers(a.number, b.number) ||
        compareText(a.postcode ?? '', b.postcode ?? '') ||
        compareText(a.locality ?? '', b.locality ?? '') ||
        compareText(a.id, b.id),
    );
    const lookup = (map: Map<string, number>, value: string | undefined) =>
      value === undefined ? -1 : map.get(value)!;
    return {
      type: ADDRESS_INDEX_TYPE,
      version: ADDRESS_INDEX_VERSION,
      fields: FIELDS,
      streets: streets.list,
      postcodes: postcodes.list,
      localities: localities.list,
      addresses: entries.map((e) => [
        streets.index.get(e.street)!,
        e.number,
        lookup(postcodes.index, e.postcode),
        lookup(localities.index, e.locality),
        e.id,
        e.lon,
        e.lat,
        e.height,
      ]),
      buildings: [...this.others].sort((a, b) => compareText(a[0], b[0])),
    };
  }

  /** The index file's bytes (UTF-8 JSON, one address per line for readable diffs), or undefined when empty. */
  bytes(): Uint8Array | undefined {
    const json = this.toJson();
    if (!json) return undefined;
    const { addresses, buildings, ...head } = json;
    const rows = (list: unknown[]) =>
      list.length === 0 ? '[]' : `[\n${list.map((r) => JSON.stringify(r)).join(',\n')}\n]`;
    const headText = JSON.stringify(head).slice(0, -1);
    return encodeUtf8(`${headText},"addresses":${rows(addresses)},"buildings":${rows(buildings)}}\n`);
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
