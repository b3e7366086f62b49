/**
 * School sites from the shapes cities publish: GeoJSON point collections, CSV/TSV tables with latitude and
 * longitude columns (or easting/northing in a projected CRS). The files are read by the generic vector
 * readers (`vector.ts`); this module adds what is school-specific: the name, type, pupils, address and
 * website guessed from German and English column names. Every value stays text (never HTML); a website is
 * offered as a link only when it is an http(s) URL. Bad records are reported with file, line and what was
 * expected; the others still load. Platform-free.
 */
import type { Delimiter } from './delimited.ts';
import { findKey, isHttpUrl } from './fields.ts';
import type { LayerProblem } from './problems.ts';
import { readGeoJsonLayer, readPointTable } from './vector.ts';
import type { VectorLayer } from './vector.ts';

/** One school site. */
export interface School {
  /** From an id/number column or property (or the GeoJSON feature id), else '<line>' of the record. */
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

/** Schools of the point features of a layer read by the vector readers; other geometries are reported. */
function schoolsOf(layer: VectorLayer, file: string | undefined, geoJson: boolean): SchoolsResult {
  const problems: LayerProblem[] = [...layer.problems];
  const problem = (line: number, message: string): void => {
    problems.push({ ...(file !== undefined ? { file } : {}), line, message });
  };
  const keys = new Set<string>();
  for (const feature of layer.features) for (const key of Object.keys(feature.properties)) keys.add(key);
  const guess = guessFields([...keys]);
  const schools: School[] = [];
  for (const feature of layer.features) {
    const { line, index } = feature;
    if (feature.kind !== 'point' || feature.parts.length !== 1) {
      problem(
        line,
        `feature ${index} has no Point geometry; expected {"type": "Point", "coordinates": [lon, lat]}`,
      );
      continue;
    }
    const lon = layer.coordinates[2 * feature.start] as number;
    const lat = layer.coordinates[2 * feature.start + 1] as number;
    const school = makeSchool(feature.properties, guess, lon, lat, line);
    if (typeof school === 'string') problem(line, geoJson ? `feature ${index}: ${school}` : school);
    else schools.push(school);
  }
  return { schools, problems };
}

/**
 * Reads schools from a CSV/TSV table with the generic point-table reader (`readPointTable`: delimiter
 * detected, positions from latitude/longitude columns in degrees or easting/northing columns in
 * `options.projectedCrs`, default EPSG:25832). Records without a position or name are reported and skipped.
 */
export function readSchoolsTable(text: string, options: SchoolReadOptions = {}): SchoolsResult {
  return schoolsOf(readPointTable(text, options), options.file, false);
}

/**
 * Reads schools from a GeoJSON FeatureCollection of points with the generic reader (`readGeoJsonLayer`: CRS84,
 * or the CRS its legacy `crs` member names). Features that are not single points, or have no name, are
 * reported with their line and skipped.
 */
export function readSchoolsGeoJson(text: string, options: SchoolReadOptions = {}): SchoolsResult {
  return schoolsOf(readGeoJsonLayer(text, options), options.file, true);
}

/** Reads schools from GeoJSON or a table, chosen by the first non-blank character ('{' means GeoJSON). */
export function readSchools(text: string, options: SchoolReadOptions = {}): SchoolsResult {
  return /^\uFEFF?\s*\{/.test(text) ? readSchoolsGeoJson(text, options) : readSchoolsTable(text, options);
}
