/**
 * School sites from the shapes cities publish: GeoJSON point collections, CSV/TSV tables with latitude and
 * longitude columns (or easting/northing in a projected CRS). Column names are guessed (German and English);
 * every value stays text (never HTML); a website is offered as a link only when it is an http(s) URL.
 * Bad records are reported with file, line and what was expected; the others still load. Platform-free.
 */
import { parseDelimited } from './delimited.ts';
import type { Delimiter } from './delimited.ts';
import { findKey, parseDecimal } from './fields.ts';
import { geoJsonFeatureLines, jsonErrorLine } from './geojson-lines.ts';
import { createToLonLat } from './xplan/reproject.ts';
import type { ToLonLat } from './xplan/reproject.ts';

/** One school site. */
export interface School {
  /** From an id/number column or property, else '<line>' of the record. */
  id: string;
  name: string;
  /** School type as published (e.g. 'Grundschule, Gemeinschaftsschule' or a code like '1024'). */
  type?: string;
  /** Number of pupils, when published as a whole number. */
  pupils?: number;
  /** 'Street 1, 24937 City' from the address columns present. */
  address?: string;
  /** http(s) URL only; other values stay in `properties`. */
  website?: string;
  /** Longitude, latitude in degrees (WGS84/ETRS89). */
  lon: number;
  lat: number;
  /** All columns or properties of the record, as text. */
  properties: Record<string, string>;
  /** Line of the record in the file (1-based). */
  line: number;
}

/** A record that could not be read. */
export interface LayerProblem {
  file?: string;
  line: number;
  message: string;
}

/** Schools read from one file. */
export interface SchoolsResult {
  schools: School[];
  problems: LayerProblem[];
}

/** Options of the school readers. */
export interface SchoolReadOptions {
  /** File name used in messages. */
  file?: string;
  /** CRS of easting/northing columns (or of GeoJSON without CRS84), any srsName form. Default 'EPSG:25832'. */
  projectedCrs?: string;
  /** Delimiter of tables; detected from the header when left out. */
  delimiter?: Delimiter;
}

const NAME_KEYS = ['name', 'schulname', 'schule', 'facility', 'bezeichnung', 'title', 'einrichtung'];
const TYPE_KEYS = [
  'type',
  'school_type',
  'schulart',
  'schultyp',
  'schulform',
  'art',
  'main_school_type',
  'typ',
];
const PUPIL_KEYS = [
  'pupils',
  'students',
  'schueler',
  'schüler',
  'schuelerzahl',
  'schülerzahl',
  'anzahl_schueler',
];
const WEBSITE_KEYS = ['website', 'web', 'url', 'homepage', 'internet', 'www'];
const ID_KEYS = ['id', 'nummer', 'schulnummer', 'schul_nr', 'dienststellennummer', 'number'];
const STREET_KEYS = ['street', 'street_name', 'strasse', 'straße', 'str'];
const HOUSE_KEYS = ['house_number', 'hausnummer', 'hausnr', 'hnr'];
const POSTCODE_KEYS = ['postal_code', 'postcode', 'zipcode', 'zip', 'plz'];
const CITY_KEYS = ['city', 'ort', 'stadt', 'gemeinde'];
const LAT_KEYS = ['lat', 'latitude', 'breite', 'breitengrad', 'y'];
const LON_KEYS = ['lon', 'lng', 'long', 'longitude', 'laenge', 'länge', 'laengengrad', 'x'];
const EASTING_KEYS = ['easting', 'rechtswert', 'ostwert', 'east', 'x_utm'];
const NORTHING_KEYS = ['northing', 'hochwert', 'nordwert', 'north', 'y_utm'];
/** Yes/no columns that name a school type (Flensburg GeoJSON and CSV). */
const TYPE_FLAGS: [string, string][] = [
  ['elementary_school', 'Grundschule'],
  ['grundschule', 'Grundschule'],
  ['secondary_school', 'Gemeinschaftsschule'],
  ['gemeinschaftsschule', 'Gemeinschaftsschule'],
  ['high_school', 'Gymnasium'],
  ['gymnasium', 'Gymnasium'],
  ['special_needs_school', 'Förderschule'],
  ['förderschule', 'Förderschule'],
  ['foerderschule', 'Förderschule'],
];

/** Whether `value` is an absolute http: or https: URL without spaces, quotes or angle brackets (safe as a link target). */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s"'<>\\]+$/i.test(value.trim());
}

interface FieldGuess {
  name?: string;
  type?: string;
  pupils?: string;
  website?: string;
  id?: string;
  street?: string;
  house?: string;
  postcode?: string;
  city?: string;
  flags: [string, string][];
}

function guessFields(keys: readonly string[]): FieldGuess {
  const guess: FieldGuess = { flags: [] };
  const assign = (field: Exclude<keyof FieldGuess, 'flags'>, candidates: readonly string[]): void => {
    const key = findKey(keys, candidates);
    if (key !== undefined) guess[field] = key;
  };
  assign('name', NAME_KEYS);
  assign('type', TYPE_KEYS);
  assign('pupils', PUPIL_KEYS);
  assign('website', WEBSITE_KEYS);
  assign('id', ID_KEYS);
  assign('street', STREET_KEYS);
  assign('house', HOUSE_KEYS);
  assign('postcode', POSTCODE_KEYS);
  assign('city', CITY_KEYS);
  for (const [flag, label] of TYPE_FLAGS) {
    const key = findKey(keys, [flag]);
    if (key !== undefined && !guess.flags.some(([, known]) => known === label))
      guess.flags.push([key, label]);
  }
  return guess;
}

/** Builds a school from its text properties and position; undefined (with the reason) when it has no name. */
function makeSchool(
  properties: Record<string, string>,
  guess: FieldGuess,
  lon: number,
  lat: number,
  line: number,
): School | string {
  const get = (key: string | undefined): string => (key === undefined ? '' : (properties[key] ?? '').trim());
  const name = get(guess.name);
  if (name === '') return `no school name (expected a value in column "${guess.name ?? 'name'}")`;
  const school: School = { id: get(guess.id) || String(line), name, lon, lat, properties, line };
  let type = get(guess.type);
  if (type === '' && guess.flags.length > 0) {
    type = guess.flags
      .filter(([key]) => /^(1|true|ja|yes|x)$/i.test(get(key)))
      .map(([, label]) => label)
      .join(', ');
  }
  if (type !== '') school.type = type;
  const pupils = get(guess.pupils);
  if (/^\d+$/.test(pupils)) school.pupils = Number(pupils);
  const website = get(guess.website);
  if (website !== '' && isHttpUrl(website)) school.website = website.trim();
  const street = [get(guess.street), get(guess.house)].filter(Boolean).join(' ');
  const place = [get(guess.postcode), get(guess.city)].filter(Boolean).join(' ');
  const address = [street, place].filter(Boolean).join(', ');
  if (address !== '') school.address = address;
  return school;
}

/**
 * Reads schools from a CSV/TSV table (delimiter detected from the header: tab, semicolon, comma). Positions
 * come from latitude/longitude columns (lat/latitude/breite/y, lon/lng/longitude/laenge/x) in degrees, or
 * easting/northing columns (rechtswert/hochwert, or x/y with values beyond degree ranges) in
 * `options.projectedCrs` (default EPSG:25832). Records without a position or name are reported and skipped.
 */
export function readSchoolsTable(text: string, options: SchoolReadOptions = {}): SchoolsResult {
  const file = options.file;
  const table = parseDelimited(text, {
    ...(file !== undefined ? { file } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
  });
  const problems: LayerProblem[] = [...table.problems];
  const problem = (line: number, message: string): void => {
    problems.push({ ...(file !== undefined ? { file } : {}), line, message });
  };
  const header = table.header;
  const guess = guessFields(header);
  const latKey = findKey(header, LAT_KEYS);
  const lonKey = findKey(header, LON_KEYS);
  const eastKey = findKey(header, EASTING_KEYS);
  const northKey = findKey(header, NORTHING_KEYS);
  if ((latKey === undefined || lonKey === undefined) && (eastKey === undefined || northKey === undefined)) {
    problem(
      1,
      `no position columns in the header; expected lat/lon (or latitude/longitude, breite/laenge, y/x) or easting/northing (rechtswert/hochwert)`,
    );
    return { schools: [], problems };
  }
  let toLonLat: ToLonLat | undefined;
  const projected = (): ToLonLat => (toLonLat ??= createToLonLat(options.projectedCrs ?? 'EPSG:25832'));
  const schools: School[] = [];
  for (const row of table.rows) {
    if (row.fields.length !== header.length) continue; // reported by the table parser
    const properties: Record<string, string> = {};
    header.forEach((key, i) => {
      properties[key] = row.fields[i] ?? '';
    });
    let lon = NaN;
    let lat = NaN;
    const useProjected = latKey === undefined || lonKey === undefined;
    if (!useProjected) {
      lat = parseDecimal(properties[latKey] ?? '');
      lon = parseDecimal(properties[lonKey] ?? '');
    }
    const beyondDegrees = Math.abs(lat) > 90 || Math.abs(lon) > 180;
    if (useProjected || beyondDegrees) {
      const east = useProjected ? parseDecimal(properties[eastKey as string] ?? '') : lon;
      const north = useProjected ? parseDecimal(properties[northKey as string] ?? '') : lat;
      if (Number.isFinite(east) && Number.isFinite(north)) {
        try {
          [lon, lat] = projected()(east, north);
        } catch (error) {
          problem(
            row.line,
            `position ${east}, ${north} could not be converted (${error instanceof Error ? error.message : String(error)})`,
          );
          continue;
        }
      } else {
        lon = NaN;
      }
    }
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) {
      const columns = useProjected ? `"${eastKey}"/"${northKey}"` : `"${latKey}"/"${lonKey}"`;
      problem(row.line, `no valid position; expected numbers in columns ${columns}`);
      continue;
    }
    const school = makeSchool(properties, guess, lon, lat, row.line);
    if (typeof school === 'string') problem(row.line, school);
    else schools.push(school);
  }
  return { schools, problems };
}

/**
 * Reads schools from a GeoJSON FeatureCollection of points, in CRS84 (longitude, latitude; the default) or in
 * the CRS its legacy `crs` member names (e.g. EPSG:25832). Features that are not points, or have no name, are
 * reported with their line and skipped.
 */
export function readSchoolsGeoJson(text: string, options: SchoolReadOptions = {}): SchoolsResult {
  const file = options.file;
  const problems: LayerProblem[] = [];
  const problem = (line: number, message: string): void => {
    problems.push({ ...(file !== undefined ? { file } : {}), line, message });
  };
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problem(
      jsonErrorLine(text, message),
      `not valid JSON (${message}); expected a GeoJSON FeatureCollection`,
    );
    return { schools: [], problems };
  }
  const collection = json as {
    type?: unknown;
    features?: unknown;
    crs?: { properties?: { name?: unknown } };
  };
  if (
    typeof json !== 'object' ||
    json === null ||
    collection.type !== 'FeatureCollection' ||
    !Array.isArray(collection.features)
  ) {
    problem(1, 'not a GeoJSON FeatureCollection; expected {"type": "FeatureCollection", "features": [...]}');
    return { schools: [], problems };
  }
  const crsName =
    typeof collection.crs?.properties?.name === 'string' ? collection.crs.properties.name : undefined;
  let toLonLat: ToLonLat | undefined;
  if (crsName !== undefined && !/CRS84$|EPSG:+4326$|EPSG\/0\/4326$/i.test(crsName)) {
    try {
      toLonLat = createToLonLat(crsName);
    } catch (error) {
      problem(
        1,
        `CRS "${crsName}" cannot be used (${error instanceof Error ? error.message : String(error)}); expected CRS84 or a known EPSG code`,
      );
      return { schools: [], problems };
    }
  }
  const lines = geoJsonFeatureLines(text);
  const features = collection.features as unknown[];
  const keys = new Set<string>();
  for (const feature of features) {
    const properties = (feature as { properties?: unknown })?.properties;
    if (properties && typeof properties === 'object')
      for (const key of Object.keys(properties)) keys.add(key);
  }
  const guess = guessFields([...keys]);
  const schools: School[] = [];
  features.forEach((feature, index) => {
    const line = lines[index] ?? 1;
    const geometry = (feature as { geometry?: { type?: unknown; coordinates?: unknown } } | null)?.geometry;
    const coordinates = geometry?.coordinates;
    if (
      geometry?.type !== 'Point' ||
      !Array.isArray(coordinates) ||
      typeof coordinates[0] !== 'number' ||
      typeof coordinates[1] !== 'number'
    ) {
      problem(
        line,
        `feature ${index} has no Point geometry; expected {"type": "Point", "coordinates": [lon, lat]}`,
      );
      return;
    }
    let [lon, lat] = [coordinates[0], coordinates[1]];
    if (toLonLat) [lon, lat] = toLonLat(lon, lat);
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      problem(
        line,
        `feature ${index} has position ${coordinates[0]}, ${coordinates[1]}; expected longitude, latitude in degrees`,
      );
      return;
    }
    const raw = (feature as { properties?: Record<string, unknown> }).properties ?? {};
    const properties: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
      properties[key] =
        value === null || value === undefined
          ? ''
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value);
    }
    const id = (feature as { id?: unknown }).id;
    const school = makeSchool(properties, guess, lon, lat, line);
    if (typeof school === 'string') problem(line, `feature ${index}: ${school}`);
    else {
      if ((typeof id === 'string' || typeof id === 'number') && guess.id === undefined)
        school.id = String(id);
      schools.push(school);
    }
  });
  return { schools, problems };
}

/** Reads schools from GeoJSON or a table, chosen by the first non-blank character ('{' means GeoJSON). */
export function readSchools(text: string, options: SchoolReadOptions = {}): SchoolsResult {
  return /^\uFEFF?\s*\{/.test(text) ? readSchoolsGeoJson(text, options) : readSchoolsTable(text, options);
}
