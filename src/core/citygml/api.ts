/**
 * Public API types, limits and errors of the streaming CityGML reader (re-exported by `index.ts` and
 * `reader.ts`).
 */
import type { CityObjectRecord, MaterialColor, ReadSummary } from './types.ts';
import { XML_TOKENIZER_DEFAULTS } from '../gml/xml-tokenizer.ts';

/** Options of the CityGML reader. */
export interface CityGmlReadOptions {
  /** File name used in warnings, errors and generated ids. */
  file?: string;
  /** Highest LoD to choose, default `DEFAULT_MAX_LOD` (lower LoDs are used where it is missing). */
  maxLod?: number;
  /** Exact LoD only: objects without it get no polygons (`lod` -1). */
  lod?: number;
  /**
   * Global appearances collected beforehand by `collectGlobalAppearances` (for files that put them after
   * the city objects); the document's own `appearanceMember`s are then skipped.
   */
  globalAppearances?: GlobalAppearances;
  /**
   * Polygons' coordinates as views of shared blocks (`Float64Slab`) rather than one buffer each: faster
   * and less work for the collector, but a record's buffers must then not be transferred to another
   * thread (that would detach other polygons' coordinates too). Default false.
   */
  sharedCoordinateBlocks?: boolean;
}

/** Texture of one ring from a ParameterizedTexture: image URI and u,v per ring vertex (closing pair included if written). */
export interface RingTexture {
  imageUri: string;
  uv: Float32Array;
}

/** Global appearances of a document by target gml:id: X3DMaterial by polygon id, textures by ring id. */
export interface GlobalAppearances {
  materials: Map<string, MaterialColor>;
  textures: Map<string, RingTexture>;
}

/**
 * Highest LoD taken per city object unless asked otherwise (LoD 2: roof shapes), the one default of the
 * reader, the document reader, the browser import and the CLI's `--lod`.
 */
export const DEFAULT_MAX_LOD = 2;

/** Coordinates kept for backward XLinks across city objects (8 bytes each, plus ~40 per id entry). */
export const CROSS_OBJECT_INDEX_MAX_FLOATS = 250_000;
/** Ids kept for backward XLinks across city objects. */
export const CROSS_OBJECT_INDEX_MAX_IDS = 10_000;
/** Objects whose ids are kept for backward XLinks (bounds the search for an id not found). */
export const CROSS_OBJECT_INDEX_MAX_OBJECTS = 2000;
/** City objects held back waiting for forward XLinks to later objects. */
export const MAX_HELD_OBJECTS = 64;
/**
 * Levels of parts in parts (BuildingPart in BuildingPart, …) and of generic attribute sets in sets kept;
 * a deeper one is skipped with a warning. Real data nests one or two levels; the bound keeps the walks
 * over parts and sets (here and in the consumers) far from the call-stack limit on hostile input.
 */
export const MAX_NESTING_LEVELS = 32;
/** Warnings listed in the summary; further ones are only counted (constant memory). */
export const MAX_WARNINGS = 1000;
/** Targets of global appearances kept (material and texture targets together). */
export const GLOBAL_APPEARANCE_MAX_TARGETS = 200_000;
/**
 * Characters kept of one text value (an attribute, name, address field, URI, …; XML attribute values
 * are cut to the same length by the tokenizer): real values are far shorter, and a cut one is reported.
 */
export const ATTRIBUTE_VALUE_MAX_CHARS = XML_TOKENIZER_DEFAULTS.maxAttributeValueChars;
/**
 * Characters of one coordinate list (posList, pos, coordinates, textureCoordinates): 8 Mi characters
 * hold about 250 000 vertices, far beyond any real polygon (the longest list in the test data has fewer
 * than 20 000 characters), and keep a hostile list to some 16 MB of heap.
 */
export const COORDINATE_TEXT_MAX_CHARS = 1 << 23;

/** A top-level city object whose end tag never came (the document ended or broke inside it). */
export interface UnfinishedObject {
  /** gml:id, or the generated id (see `CityObjectRecord.id`). */
  id: string;
  generatedId?: boolean;
  /** Local element name, e.g. 'Building'. */
  type: string;
  /** 1-based line of its start tag. */
  line: number;
}

/** A fault in the input that stops reading: names file, line and column (1-based) and what was expected. */
export class CityGmlError extends Error {
  file?: string;
  line: number;
  column: number;
  expected: string;
  /** Set when the input ends before the document does (a truncated file or compressed stream). */
  truncated = false;
  /** The top-level city object being read when the fault came: it is not among the objects read. */
  openObject?: UnfinishedObject;

  constructor(found: string, expected: string, line: number, column: number, file?: string) {
    super(`CityGML reader: ${file ?? '<input>'}:${line}:${column}: ${found}; expected ${expected}`);
    this.name = 'CityGmlError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.expected = expected;
  }
}

/** The push-style reader returned by `createCityGmlReader`. */
export interface CityGmlReader {
  /** Feeds a chunk of the document; returns the top-level city objects completed by it. */
  write(chunk: string): CityObjectRecord[];
  /** Ends the document: returns the remaining objects and the summary; throws `CityGmlError` on truncated XML. */
  close(): { objects: CityObjectRecord[]; summary: ReadSummary };
  /**
   * Ends a document whose input stopped for a reason outside the XML (a compressed stream that ends
   * early): returns the error to report (`truncated`, with the line reached and `openObject`).
   */
  abort(found: string): CityGmlError;
  /** 1-based line reached in the input (the end of the last complete token). */
  readonly line: number;
}
