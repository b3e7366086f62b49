/**
 * Streaming CityGML 1.0/2.0/3.0 reader: feeds string chunks to a streaming XML tokenizer
 * (`xml-tokenizer.ts`) and yields one top-level city object at a time as a `CityObjectRecord`.
 * Platform-free; memory stays bounded by the largest single city object plus the bounded indexes
 * documented below, whatever the file size.
 *
 * Memory bounds:
 * - Polygons of earlier city objects stay reachable for backward XLinks across objects in an index of
 *   at most `CROSS_OBJECT_INDEX_MAX_FLOATS` coordinates, `CROSS_OBJECT_INDEX_MAX_IDS` ids and
 *   `CROSS_OBJECT_INDEX_MAX_OBJECTS` objects (oldest object evicted first): about 2.5 MB.
 * - City objects with XLinks to geometry not yet seen are held back (at most `MAX_HELD_OBJECTS`) until
 *   the targets appear later in the file, or the document ends; then they are emitted with a warning
 *   for every reference never resolved.
 * - Global appearances (`appearanceMember`) are kept in maps of at most `GLOBAL_APPEARANCE_MAX_TARGETS`
 *   targets and applied to city objects that end after them. Appearances after all city objects (as
 *   PLATEAU writes them) are not applied in one pass; a warning says how many targets were missed.
 *   For such files, `collectGlobalAppearances` reads the appearances first (a cheap pass that skips the
 *   city objects; memory proportional to the appearance data) and `globalAppearances` applies them.
 * - Text kept for one value is at most `ATTRIBUTE_VALUE_MAX_CHARS` (attributes, names, URIs; cut with a
 *   warning) or `COORDINATE_TEXT_MAX_CHARS` (one coordinate list; a longer one drops its polygon); the
 *   tokenizer bounds tags, comments and the like (`XML_TOKENIZER_DEFAULTS`).
 */
import type {
  Address,
  CityObjectRecord,
  ExternalReference,
  GenericAttributes,
  MaterialColor,
  RawPolygon,
  ReadSummary,
  ReadWarning,
  SurfaceSemantic,
} from './types.ts';
import { NumberBuffer, countDistinctVertices, parseNumberList } from '../gml/coordinates.ts';
import * as vocabulary from './vocabulary.ts';
import { XML_TOKENIZER_DEFAULTS, XmlSyntaxError, XmlTokenizer } from '../gml/xml-tokenizer.ts';
import type { LocalMeaning, NamespaceKind } from './vocabulary.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const {
  A_GENERIC,
  A_HIDDEN,
  A_INSTALLATION,
  A_LOD,
  A_PART,
  A_SKIP,
  A_SPECIAL,
  A_SURFACE,
  A_TEXT_ATTRIBUTE,
  GENERIC_KINDS,
  GEOMETRY_AGGREGATES,
  GML_LOCAL_NAMES,
  NON_SURFACE_GEOMETRY,
  NS_CITYGML,
  NS_GML,
  NS_MISSING,
  NS_OTHER,
  NS_XAL,
  SURFACE_SEMANTICS,
  citygmlVersionOf,
  classifyNamespace,
  meaningOf,
  metresPerUnit,
} = vocabulary;

/** Options of the CityGML reader. */
export interface CityGmlReadOptions {
  /** File name used in warnings, errors and generated ids. */
  file?: string;
  /** Highest LoD to choose, default 2 (lower LoDs are used where it is missing). */
  maxLod?: number;
  /** Exact LoD only: objects without it get no polygons (`lod` -1). */
  lod?: number;
  /**
   * Global appearances collected beforehand by `collectGlobalAppearances` (for files that put them after
   * the city objects); the document's own `appearanceMember`s are then skipped.
   */
  globalAppearances?: GlobalAppearances;
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

/** Coordinates kept for backward XLinks across city objects (8 bytes each, plus ~40 per id entry). */
export const CROSS_OBJECT_INDEX_MAX_FLOATS = 250_000;
/** Ids kept for backward XLinks across city objects. */
export const CROSS_OBJECT_INDEX_MAX_IDS = 10_000;
/** Objects whose ids are kept for backward XLinks (bounds the search for an id not found). */
export const CROSS_OBJECT_INDEX_MAX_OBJECTS = 2000;
/** City objects held back waiting for forward XLinks to later objects. */
export const MAX_HELD_OBJECTS = 64;
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

interface PolygonItem {
  kind: 0;
  polygon: RawPolygon;
  /** gml:id of each ring (for ParameterizedTexture), when any ring has one. */
  ringIds?: (string | undefined)[];
  /** srsName given on the geometry, if any. */
  geometrySrs?: string;
  hidden: boolean;
}

interface ReferenceItem {
  kind: 1;
  target: string;
  lod: number;
  semantic: SurfaceSemantic;
  reversed: boolean;
  line: number;
}

type GeometryItem = PolygonItem | ReferenceItem;

interface AggregateRange {
  builder: ObjectBuilder;
  start: number;
  end: number;
}

interface ObjectBuilder {
  record: CityObjectRecord;
  items: GeometryItem[];
  /** Element depth of the object's start tag. */
  depth: number;
  parent: ObjectBuilder | undefined;
  children: ObjectBuilder[];
  ownSrs?: string;
}

/** An earlier object's geometry by gml:id, kept for backward XLinks from later objects. */
interface CrossIndexedObject {
  polygonsById: Map<string, PolygonItem>;
  /** Polygons of the object's aggregates with ids (not the ranges: they would keep the whole builder). */
  aggregatesById: Map<string, PolygonItem[]> | undefined;
  /** Coordinates and ids counted for the memory bound. */
  floats: number;
  ids: number;
}

interface TopLevelState {
  builder: ObjectBuilder;
  polygonsById: Map<string, PolygonItem>;
  aggregatesById: Map<string, AggregateRange>;
  materials: Map<string, MaterialColor>;
  textures: Map<string, RingTexture>;
  unresolved: Set<string>;
}

// Frame codes: what to do when an element closes.
const C_NONE = 0;
const C_ROOT = 1;
const C_MEMBER = 2;
const C_OBJECT = 3;
const C_TEXT_ATTR = 4;
const C_POLYGON = 5;
const C_RING = 6;
const C_POSLIST = 7;
const C_POS = 8;
const C_COORDINATES = 9;
const C_AGGREGATE = 10;
const C_ADDRESS = 11;
const C_ADDRESS_FIELD = 12;
const C_EXTREF = 13;
const C_EXTREF_FIELD = 14;
const C_GENERIC = 15;
const C_GENERIC_VALUE = 16;
const C_GENERIC_NAME = 17;
const C_HEIGHT_VALUE = 18;
const C_ENVELOPE_PROP = 19;
const C_ROOT_CORNER = 20;
const C_MATERIAL = 21;
const C_MATERIAL_FIELD = 22;
const C_TEXTURE = 23;
const C_TEXTURE_FIELD = 24;
const C_TEX_COORDS = 26;
const C_MATERIAL_TARGET = 27;
const C_RELIEF_LOD = 28;
const C_ROOT_OTHER = 29;

const MODE_NORMAL = 0;
const MODE_APPEARANCE = 1;
const MODE_ADDRESS = 2;
const MODE_EXTREF = 3;
const MODE_GENERIC = 4;

interface ElementName {
  local: string;
  kind: NamespaceKind;
  uri: string | undefined;
  meaning: LocalMeaning;
}

interface GenericHolder {
  name: string | undefined;
  kind: 'string' | 'number' | 'set';
  value: string | undefined;
  set: GenericAttributes | undefined;
}

class Frame {
  code = C_NONE;
  key = '';
  aux: string | undefined = undefined;
  start = 0;
  lod = -1;
  semantic: SurfaceSemantic = 'unknown';
  installation = false;
  hidden = false;
  reversed = false;
  srsDimension = 0;
  geometrySrs: string | undefined = undefined;
  mode = MODE_NORMAL;
  addressSection = '';
  namespaces: Map<string, string> | undefined = undefined;
  nameCache: Map<string, ElementName> | undefined = undefined;
}

function baseName(file: string | undefined): string {
  if (file === undefined) return 'input';
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || 'input';
}

/** Semantic of an ADE subclass of a boundary surface, by the end of its name (e.g. '…RoofSurface'). */
function adeSurfaceSemantic(local: string): SurfaceSemantic | undefined {
  if (!local.endsWith('Surface')) return undefined;
  for (const [name, semantic] of SURFACE_SEMANTICS) if (local.endsWith(name)) return semantic;
  return undefined;
}

function countPolygons(record: CityObjectRecord): number {
  let count = record.polygons.length;
  for (const part of record.parts) count += countPolygons(part);
  return count;
}

function emptyAttributes(): CityObjectRecord['attributes'] {
  return { addresses: [], externalReferences: [], generic: {} };
}

function reverseRings(positions: Float64Array, ringStarts: Uint32Array): void {
  const vertexCount = positions.length / 3;
  for (let r = 0; r < ringStarts.length; r++) {
    let a = ringStarts[r] as number;
    let b = (r + 1 < ringStarts.length ? (ringStarts[r + 1] as number) : vertexCount) - 1;
    // keep the first vertex, reverse the rest: same ring, opposite orientation
    a++;
    while (a < b) {
      for (let k = 0; k < 3; k++) {
        const t = positions[a * 3 + k] as number;
        positions[a * 3 + k] = positions[b * 3 + k] as number;
        positions[b * 3 + k] = t;
      }
      a++;
      b--;
    }
  }
}

class CityGmlStreamReader implements CityGmlReader {
  private readonly parser: XmlTokenizer;
  private readonly file: string | undefined;
  private readonly maxLod: number;
  private readonly exactLod: number | undefined;
  private readonly summary: ReadSummary = {
    objectsByType: {},
    buildingParts: 0,
    polygons: 0,
    droppedPolygons: 0,
    warnings: [],
  };
  private version: '1.0' | '2.0' | '3.0' = '2.0';
  private error: CityGmlError | undefined;
  private output: CityObjectRecord[] = [];
  private sawRoot = false;

  // element stack
  private depth = 0;
  private skipDepth = 0;
  private readonly frames: Frame[] = [];
  private namespaces = new Map<string, string>([['xml', 'http://www.w3.org/XML/1998/namespace']]);
  private nameCache = new Map<string, ElementName>();
  private warnedMissingNamespace = false;

  // context
  private lod = -1;
  private semantic: SurfaceSemantic = 'unknown';
  private installation = false;
  private hidden = false;
  private reversed = false;
  private srsDimension = 0;
  private geometrySrs: string | undefined = undefined;
  private mode = MODE_NORMAL;
  private addressSection = '';
  private reliefLod = 2;

  // text capture
  private text = '';
  /** Characters kept of the text being collected (see `startText`). */
  private textLimit = ATTRIBUTE_VALUE_MAX_CHARS;
  /** The text being collected outgrew `textLimit`: the rest was skipped. */
  private textCut = false;
  private textLine = 0;
  /** Qualified name of the element opened last (names the element whose text is collected). */
  private openedName = '';

  // objects
  private top: TopLevelState | undefined;
  private builder: ObjectBuilder | undefined;
  private generatedIds = 0;
  private objectsSeen = 0;

  // polygon under construction
  private polygonActive = false;
  private polygonId: string | undefined;
  private polygonLine = 0;
  private polygonFault: string | undefined;
  private readonly polygonPositions = new NumberBuffer(4096);
  private readonly scratch = new NumberBuffer(1024);
  /** Rings of the polygon under construction (arrays reused from polygon to polygon). */
  private readonly ringStarts: number[] = [];
  private readonly ringIds: (string | undefined)[] = [];
  private anyRingId = false;
  private ringActive = false;
  private ringStartFloat = 0;
  private ringId: string | undefined;

  // attributes under construction
  private address: Address | undefined;
  private externalReference: ExternalReference | undefined;
  private genericStack: GenericHolder[] = [];

  // appearances
  private material: { color: MaterialColor; targets: string[] } | undefined;
  private texture: { imageUri: string; rings: [string, Float32Array][] } | undefined;
  private readonly globalMaterials: Map<string, MaterialColor>;
  private readonly globalTextures: Map<string, RingTexture>;
  /** Global appearances came from `options.globalAppearances`: the document's own are skipped. */
  private readonly appearancesGiven: boolean;
  /** Collecting global appearances only: city objects are skipped, the maps are not bounded. */
  private readonly appearancesOnly: boolean;
  private lateGlobalAppearanceTargets = 0;
  private warningsNotListed = 0;
  private warnedUnsupportedTexture = false;
  private warnedImplicitGeometry = false;

  // cross-object XLinks
  /** Geometry ids of earlier objects, oldest first (from `crossIndexHead`): the objects' own maps, kept whole. */
  private crossIndex: CrossIndexedObject[] = [];
  private crossIndexHead = 0;
  private crossIndexFloats = 0;
  private crossIndexIds = 0;
  private readonly held: TopLevelState[] = [];
  private readonly wanted = new Map<string, number>();
  private readonly forwardIndex = new Map<string, PolygonItem>();

  constructor(options: CityGmlReadOptions, appearancesOnly = false) {
    this.file = options.file;
    this.appearancesOnly = appearancesOnly;
    this.appearancesGiven = options.globalAppearances !== undefined;
    this.globalMaterials = options.globalAppearances?.materials ?? new Map();
    this.globalTextures = options.globalAppearances?.textures ?? new Map();
    this.maxLod = options.maxLod ?? 2;
    this.exactLod = options.lod;
    this.parser = new XmlTokenizer({
      openTag: (name, attributes) => this.onOpenTag(name, attributes),
      closeTag: () => this.onCloseTag(),
      text: (text) => this.addText(text),
      doctype: (body) => this.onDoctype(body),
      warning: (message, line) => this.warn(message, line, this.builder?.record.id),
    });
  }

  get line(): number {
    return this.parser.line;
  }

  abort(found: string): CityGmlError {
    if (this.error) return this.error;
    const open = this.parser.innermostElement;
    const error = this.fail(
      open !== undefined ? `${found} inside <${open}>` : found,
      'the rest of the document',
    );
    error.truncated = true;
    this.error = this.withOpenObject(error);
    return this.error;
  }

  /** Notes on `error` the top-level object being read, which the fault cuts off. */
  private withOpenObject(error: CityGmlError): CityGmlError {
    const record = this.top?.builder.record;
    if (record !== undefined && error.openObject === undefined) {
      error.openObject = { id: record.id, type: record.type, line: record.line };
      if (record.generatedId === true) error.openObject.generatedId = true;
    }
    return error;
  }

  write(chunk: string): CityObjectRecord[] {
    if (this.error) throw this.error;
    this.output = [];
    try {
      this.parser.write(chunk);
    } catch (caught) {
      this.error = this.withOpenObject(this.asCityGmlError(caught));
    }
    const completed = this.output;
    this.output = [];
    return completed;
  }

  close(): { objects: CityObjectRecord[]; summary: ReadSummary } {
    if (this.error) throw this.error;
    this.output = [];
    try {
      this.parser.close();
    } catch (caught) {
      this.error = this.withOpenObject(this.asCityGmlError(caught));
      throw this.error;
    }
    if (!this.sawRoot) {
      this.error = this.fail('an empty document', 'a CityGML CityModel root element');
      throw this.error;
    }
    while (this.held.length > 0) this.emitHeld(this.held.shift() as TopLevelState, true);
    if (this.warningsNotListed > 0) {
      this.summary.warnings.push({
        ...(this.file !== undefined ? { file: this.file } : {}),
        line: this.parser.line,
        message: `${this.warningsNotListed} further warnings not listed (only the first ${MAX_WARNINGS} are kept)`,
      });
    }
    if (this.lateGlobalAppearanceTargets > 0) {
      this.summary.warnings.push({
        ...(this.file !== undefined ? { file: this.file } : {}),
        line: this.parser.line,
        message: `${this.lateGlobalAppearanceTargets} global appearance targets came after the city objects and were not applied (expected appearances before or inside the objects they style; use collectGlobalAppearances first)`,
      });
    }
    const objects = this.output;
    this.output = [];
    return { objects, summary: this.summary };
  }

  /** The global appearance maps (filled while reading). */
  globalAppearances(): GlobalAppearances {
    return { materials: this.globalMaterials, textures: this.globalTextures };
  }

  // ---------------------------------------------------------------- errors and warnings

  private fail(found: string, expected: string): CityGmlError {
    // the tokenizer counts columns from 0; editors and the message count from 1
    return new CityGmlError(found, expected, this.parser.line, this.parser.column + 1, this.file);
  }

  private asCityGmlError(caught: unknown): CityGmlError {
    if (caught instanceof CityGmlError) return caught;
    if (caught instanceof XmlSyntaxError) return this.translateSyntaxError(caught);
    const message = caught instanceof Error ? caught.message : String(caught);
    return this.fail(`internal failure (${message})`, 'a readable CityGML document');
  }

  private translateSyntaxError(error: XmlSyntaxError): CityGmlError {
    switch (error.kind) {
      case 'unclosed-element': {
        const failure = this.fail(
          `the document ends inside <${error.detail}> (truncated file?)`,
          `</${error.detail}> and the rest of the document`,
        );
        failure.truncated = true;
        return failure;
      }
      case 'undefined-entity':
        return this.fail(
          'a reference to an undefined entity',
          'only the predefined XML entities and character references (DTD entities are never expanded)',
        );
      case 'no-root':
        return this.fail('no root element', 'a CityGML CityModel root element');
      default:
        return this.fail(`malformed XML (${error.detail})`, 'well-formed XML');
    }
  }

  private warn(message: string, line = this.parser.line, objectId?: string): void {
    if (this.summary.warnings.length >= MAX_WARNINGS) {
      this.warningsNotListed++;
      return;
    }
    const warning: ReadWarning = { line, message };
    if (this.file !== undefined) warning.file = this.file;
    if (objectId !== undefined) warning.objectId = objectId;
    this.summary.warnings.push(warning);
  }

  private onDoctype(doctype: string): void {
    if (/<!ENTITY/i.test(doctype)) {
      throw this.fail(
        'a DOCTYPE declaring entities (entity expansion is refused)',
        'a CityGML document without DTD entity declarations',
      );
    }
    this.warn('DOCTYPE declaration ignored (expected none in CityGML)');
  }

  // ---------------------------------------------------------------- element names

  private resolveName(qname: string): ElementName {
    let name = this.nameCache.get(qname);
    if (name !== undefined) return name;
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    const uri = this.namespaces.get(prefix);
    let kind = classifyNamespace(uri);
    if (kind === NS_MISSING && GML_LOCAL_NAMES.has(local)) kind = NS_GML;
    name = { local, kind, uri, meaning: meaningOf(local) };
    this.nameCache.set(qname, name);
    return name;
  }

  private declareNamespaces(attributes: Record<string, string>, frame: Frame): void {
    let copied = false;
    for (const key in attributes) {
      if (key.charCodeAt(0) !== 120 || !key.startsWith('xmlns')) continue;
      if (key.length > 5 && key.charCodeAt(5) !== 58) continue;
      if (!copied) {
        frame.namespaces = this.namespaces;
        frame.nameCache = this.nameCache;
        this.namespaces = new Map(this.namespaces);
        this.nameCache = new Map();
        copied = true;
      }
      this.namespaces.set(key.length > 5 ? key.slice(6) : '', attributes[key] as string);
    }
  }

  // ---------------------------------------------------------------- SAX events

  private onOpenTag(qname: string, attributes: Record<string, string>): void {
    if (this.skipDepth > 0) {
      this.skipDepth++;
      return;
    }
    let frame = this.frames[this.depth];
    if (frame === undefined) {
      frame = new Frame();
      this.frames[this.depth] = frame;
    }
    frame.namespaces = undefined;
    frame.nameCache = undefined;
    frame.key = '';
    this.openedName = qname;
    if (this.parser.declaresNamespaces) this.declareNamespaces(attributes, frame);
    const name = this.resolveName(qname);
    const code = this.openElement(name, attributes, frame);
    if (code < 0) {
      // skip this element's subtree
      this.restoreContext(frame);
      this.restoreNamespaces(frame);
      this.skipDepth = 1;
      return;
    }
    frame.code = code;
    this.depth++;
  }

  /** Saves the context into the frame (restored on close). */
  private saveContext(frame: Frame): void {
    frame.lod = this.lod;
    frame.semantic = this.semantic;
    frame.installation = this.installation;
    frame.hidden = this.hidden;
    frame.reversed = this.reversed;
    frame.srsDimension = this.srsDimension;
    frame.geometrySrs = this.geometrySrs;
    frame.mode = this.mode;
    frame.addressSection = this.addressSection;
  }

  private onCloseTag(): void {
    if (this.skipDepth > 0) {
      this.skipDepth--;
      return;
    }
    this.depth--;
    const frame = this.frames[this.depth] as Frame;
    if (frame.code !== C_NONE) this.closeElement(frame);
    this.restoreContext(frame);
    this.restoreNamespaces(frame);
  }

  private restoreContext(frame: Frame): void {
    this.lod = frame.lod;
    this.semantic = frame.semantic;
    this.installation = frame.installation;
    this.hidden = frame.hidden;
    this.reversed = frame.reversed;
    this.srsDimension = frame.srsDimension;
    this.geometrySrs = frame.geometrySrs;
    this.mode = frame.mode;
    this.addressSection = frame.addressSection;
  }

  private restoreNamespaces(frame: Frame): void {
    if (frame.namespaces === undefined || frame.nameCache === undefined) return;
    this.namespaces = frame.namespaces;
    this.nameCache = frame.nameCache;
  }

  /**
   * Collects the text of the element just opened (the text handler is only set while needed: faster),
   * up to `ATTRIBUTE_VALUE_MAX_CHARS`, or `COORDINATE_TEXT_MAX_CHARS` for a coordinate list.
   */
  private startText(coordinates = false): void {
    this.text = '';
    this.textLimit = coordinates ? COORDINATE_TEXT_MAX_CHARS : ATTRIBUTE_VALUE_MAX_CHARS;
    this.textCut = false;
    this.textLine = this.parser.line;
    this.parser.textWanted = true;
  }

  private addText(piece: string): void {
    const room = this.textLimit - this.text.length;
    if (piece.length <= room) {
      this.text += piece;
      return;
    }
    // The rest is not wanted: the tokenizer skips it in place. The kept part is a flat copy, so that it
    // does not hold on to the chunk it was cut from (a slice would).
    this.textCut = true;
    this.parser.textWanted = false;
    if (this.textLimit !== ATTRIBUTE_VALUE_MAX_CHARS) {
      // a coordinate list cut short is useless: its polygon is dropped
      this.text = '';
      return;
    }
    let keep = room;
    const last = piece.charCodeAt(keep - 1);
    if (keep > 0 && last >= 0xd800 && last <= 0xdbff) keep--;
    this.text = JSON.parse(JSON.stringify(this.text + piece.slice(0, keep))) as string;
    this.parser.textWanted = false;
  }

  /**
   * The text collected since `startText`. Text cut to `ATTRIBUTE_VALUE_MAX_CHARS` is reported, naming
   * the element (and `what` it holds, if given); callers of coordinate lists check `textCut` themselves.
   */
  private takeText(what?: string): string {
    this.parser.textWanted = false;
    const text = this.text;
    this.text = '';
    if (this.textCut && this.textLimit === ATTRIBUTE_VALUE_MAX_CHARS) {
      this.warn(
        `<${this.openedName}>${what !== undefined ? ` (${what})` : ''} longer than ${ATTRIBUTE_VALUE_MAX_CHARS} characters: cut to its first ${text.length}`,
        this.textLine,
        this.builder?.record.id,
      );
    }
    return text;
  }

  /** Decides what an element means; returns its frame code, or -1 to skip its subtree. */
  private openElement(name: ElementName, attributes: Record<string, string>, frame: Frame): number {
    this.saveContext(frame);
    const { local, kind } = name;
    if (this.depth === 0) return this.openRoot(local, kind, name.uri);
    if (kind === NS_OTHER) {
      if (this.builder === undefined || this.mode !== MODE_NORMAL || this.lod >= 0) {
        const parentCode = (this.frames[this.depth - 1] as Frame).code;
        if (parentCode === C_MEMBER && this.builder === undefined) {
          this.summary.objectsByType[local] = (this.summary.objectsByType[local] ?? 0) + 1;
          this.warn(
            `city object ${local} of an application domain extension skipped (expected CityGML city objects)`,
          );
        }
        return -1;
      }
      // ADE element inside a city object: look inside for CityGML geometry properties (ADE subclasses of
      // boundary surfaces such as test:IndustrialBuildingRoofSurface keep their semantic by name)
      const semantic = adeSurfaceSemantic(local);
      if (semantic !== undefined && !this.installation) this.semantic = semantic;
      return C_NONE;
    }
    if (kind === NS_MISSING && !this.warnedMissingNamespace) {
      this.warnedMissingNamespace = true;
      this.warn(
        `element <${local}> has no CityGML namespace; elements without namespace are read by their local names`,
      );
    }
    if (this.builder === undefined) return this.openOutsideObject(local, kind, attributes);
    switch (this.mode) {
      case MODE_APPEARANCE:
        return this.openAppearance(local, attributes);
      case MODE_ADDRESS:
        return this.openAddress(local);
      case MODE_EXTREF:
        return this.openExternalReference(local);
      case MODE_GENERIC:
        return this.openGeneric(local, attributes, frame);
      default:
        return this.openInObject(name, attributes, frame);
    }
  }

  private openRoot(local: string, kind: NamespaceKind, uri: string | undefined): number {
    this.sawRoot = true;
    if (local !== 'CityModel') {
      throw this.fail(
        `root element ${local} is not a CityGML CityModel`,
        'CityModel in a CityGML 1.0/2.0/3.0 namespace',
      );
    }
    // the root's own namespace or, without one, the CityGML modules declared on it
    let version = kind === NS_CITYGML && uri !== undefined ? citygmlVersionOf(uri) : undefined;
    if (version === undefined) {
      for (const declared of this.namespaces.values()) {
        version ??= citygmlVersionOf(declared);
      }
    }
    if (kind !== NS_CITYGML) {
      this.warn(
        `root element CityModel has no CityGML namespace (expected CityModel in a CityGML 1.0/2.0/3.0 namespace); reading by local names as CityGML ${version ?? '2.0'}`,
      );
    }
    this.version = version ?? '2.0';
    this.summary.version = this.version;
    return C_ROOT;
  }

  private openOutsideObject(local: string, kind: NamespaceKind, attributes: Record<string, string>): number {
    const parentCode = (this.frames[this.depth - 1] as Frame).code;
    if (parentCode === C_ROOT) {
      switch (local) {
        case 'cityObjectMember':
        case 'featureMember':
        case 'featureMembers':
          return this.appearancesOnly ? -1 : C_MEMBER;
        case 'appearanceMember':
          if (this.appearancesGiven) return -1;
          this.mode = MODE_APPEARANCE;
          return C_ROOT_OTHER;
        case 'boundedBy':
          return kind === NS_GML || kind === NS_MISSING ? C_ENVELOPE_PROP : -1;
        default:
          return -1;
      }
    }
    if (parentCode === C_MEMBER) return this.openObject(local, attributes, undefined);
    if (this.mode === MODE_APPEARANCE) return this.openAppearance(local, attributes);
    if (parentCode === C_ENVELOPE_PROP && local === 'Envelope') {
      const srs = attributes.srsName;
      if (srs !== undefined && this.summary.srsName === undefined) this.summary.srsName = srs;
      return C_ROOT_OTHER;
    }
    if (
      parentCode === C_ROOT_OTHER &&
      (local === 'lowerCorner' || local === 'upperCorner' || local === 'pos')
    ) {
      this.startText();
      return C_ROOT_CORNER;
    }
    return -1;
  }

  private openObject(
    local: string,
    attributes: Record<string, string>,
    parent: ObjectBuilder | undefined,
  ): number {
    const id = attributes['gml:id'] ?? attributes.id;
    const record: CityObjectRecord = {
      id: id ?? `${baseName(this.file)}#${local}-${++this.generatedIds}`,
      type: local,
      version: this.version,
      line: this.parser.line,
      lod: -1,
      attributes: emptyAttributes(),
      polygons: [],
      parts: [],
    };
    if (id === undefined) record.generatedId = true;
    const builder: ObjectBuilder = { record, items: [], depth: this.depth, parent, children: [] };
    if (parent === undefined) {
      this.top = {
        builder,
        polygonsById: new Map(),
        aggregatesById: new Map(),
        materials: new Map(),
        textures: new Map(),
        unresolved: new Set(),
      };
      this.summary.objectsByType[local] = (this.summary.objectsByType[local] ?? 0) + 1;
      this.lod = -1;
      this.semantic = local === 'ReliefFeature' ? 'terrain' : 'unknown';
    } else {
      parent.children.push(builder);
      record.parts = [];
      if (local === 'BuildingPart') this.summary.buildingParts++;
      this.lod = -1;
      this.semantic = 'unknown';
    }
    this.builder = builder;
    this.installation = false;
    this.hidden = false;
    return C_OBJECT;
  }

  private openInObject(name: ElementName, attributes: Record<string, string>, frame: Frame): number {
    const { local, kind, meaning } = name;
    const builder = this.builder as ObjectBuilder;
    const directChild = this.depth === builder.depth + 1;
    if (kind === NS_GML) return this.openGeometry(local, attributes, frame, directChild);
    if (kind === NS_XAL) return -1;
    const action = meaning.action;

    if (directChild && !this.hidden) {
      if (action === A_TEXT_ATTRIBUTE) {
        frame.key = local;
        frame.aux = attributes.uom;
        this.startText();
        return C_TEXT_ATTR;
      }
      if (action === A_GENERIC) {
        this.mode = MODE_GENERIC;
        return this.openGeneric(local, attributes, frame);
      }
      if (action === A_SPECIAL) {
        switch (local) {
          case 'address':
            this.mode = MODE_ADDRESS;
            this.address = {};
            this.addressSection = '';
            return C_ADDRESS;
          case 'externalReference':
            this.mode = MODE_EXTREF;
            this.externalReference = {};
            return C_EXTREF;
          case 'genericAttribute':
            this.mode = MODE_GENERIC;
            return C_NONE;
          case 'height':
            frame.key = 'height';
            return C_NONE;
          case 'creationDate':
          case 'terminationDate':
            return -1;
          default:
            break;
        }
      }
    }
    switch (action) {
      case A_SPECIAL:
        return this.openSpecial(local, attributes, frame, builder);
      case A_PART:
        return this.hidden ? C_NONE : this.openObject(local, attributes, builder);
      case A_INSTALLATION:
        this.installation = true;
        this.semantic = 'installation';
        return C_NONE;
      case A_HIDDEN:
        this.hidden = true;
        return C_NONE;
      case A_SURFACE:
        if (!this.installation) this.semantic = meaning.semantic as SurfaceSemantic;
        return C_NONE;
      case A_LOD:
        this.lod = meaning.lod as number;
        if (meaning.semantic !== undefined && this.semantic === 'unknown') this.semantic = meaning.semantic;
        // CityGML 3.0 writes the footprint as lod0MultiSurface directly on the building
        if (this.lod === 0 && directChild && this.semantic === 'unknown' && local === 'lod0MultiSurface') {
          this.semantic = 'ground';
        }
        this.addReference(attributes);
        return C_NONE;
      case A_SKIP:
        if (!this.warnedImplicitGeometry && local.endsWith('ImplicitRepresentation')) {
          this.warnedImplicitGeometry = true;
          this.warn(`${local} skipped: implicit geometry is not supported (expected explicit surfaces)`);
        }
        return -1;
      default:
        if (this.lod >= 0) this.addReference(attributes);
        return C_NONE;
    }
  }

  private openSpecial(
    local: string,
    attributes: Record<string, string>,
    frame: Frame,
    builder: ObjectBuilder,
  ): number {
    switch (local) {
      case 'value':
        if (
          this.depth === builder.depth + 3 &&
          (this.frames[this.depth - 2] as Frame).key === 'height' &&
          builder.record.attributes.measuredHeight === undefined
        ) {
          // CityGML 3.0 con:height/con:Height/con:value directly under the object
          frame.aux = attributes.uom;
          this.startText();
          return C_HEIGHT_VALUE;
        }
        return C_NONE;
      case 'appearance':
        this.mode = MODE_APPEARANCE;
        return C_NONE;
      case 'tin':
        this.lod = this.reliefLod;
        this.semantic = 'terrain';
        return C_NONE;
      case 'lod':
        this.startText();
        return C_RELIEF_LOD;
      case 'externalReference':
      case 'creationDate':
      case 'terminationDate':
        return -1;
      default:
        return C_NONE;
    }
  }

  private addReference(attributes: Record<string, string>): void {
    const href = attributes['xlink:href'];
    if (href === undefined || this.lod < 0 || this.hidden) return;
    const builder = this.builder as ObjectBuilder;
    builder.items.push({
      kind: 1,
      target: href.charCodeAt(0) === 35 ? href.slice(1) : href,
      lod: this.lod,
      semantic: this.semantic,
      reversed: this.reversed,
      line: this.parser.line,
    });
  }

  private openGeometry(
    local: string,
    attributes: Record<string, string>,
    frame: Frame,
    directChild: boolean,
  ): number {
    switch (local) {
      case 'posList':
      case 'pos':
        if (!this.ringActive) return -1;
        this.readSrsDimension(attributes);
        if (this.srsDimension === 0 && attributes.dimension !== undefined) {
          this.srsDimension = Number(attributes.dimension) || 0;
        }
        this.startText(true);
        return local === 'pos' ? C_POS : C_POSLIST;
      case 'coordinates':
        if (!this.ringActive) return -1;
        frame.key = attributes.cs ?? ',';
        frame.aux = (attributes.ts ?? ' ') + (attributes.decimal ?? '.');
        this.startText(true);
        return C_COORDINATES;
      case 'LinearRing':
        if (!this.polygonActive) return -1;
        this.readSrsDimension(attributes);
        this.ringActive = true;
        this.ringStartFloat = this.polygonPositions.length;
        this.ringId = attributes['gml:id'];
        return C_RING;
      case 'Polygon':
      case 'Triangle':
      case 'PolygonPatch':
      case 'Rectangle':
        if (this.lod < 0 || this.polygonActive) return -1;
        this.readSrsDimension(attributes);
        if (attributes.srsName !== undefined) this.geometrySrs = attributes.srsName;
        this.polygonActive = true;
        this.polygonId = attributes['gml:id'];
        this.polygonLine = this.parser.line;
        this.polygonFault = undefined;
        this.polygonPositions.clear();
        this.ringStarts.length = 0;
        this.ringIds.length = 0;
        this.anyRingId = false;
        return C_POLYGON;
      case 'name':
      case 'description':
        if (directChild && !this.hidden) {
          frame.key = local;
          frame.aux = undefined;
          this.startText();
          return C_TEXT_ATTR;
        }
        return -1;
      case 'boundedBy':
        if (directChild) return C_ENVELOPE_PROP;
        return -1;
      case 'Envelope': {
        const parentCode = (this.frames[this.depth - 1] as Frame).code;
        const builder = this.builder as ObjectBuilder;
        if (
          parentCode === C_ENVELOPE_PROP &&
          attributes.srsName !== undefined &&
          builder.ownSrs === undefined
        ) {
          builder.ownSrs = attributes.srsName;
        }
        return -1;
      }
      default:
        break;
    }
    if (NON_SURFACE_GEOMETRY.has(local) || this.lod < 0) return -1;
    this.readSrsDimension(attributes);
    if (attributes.srsName !== undefined) this.geometrySrs = attributes.srsName;
    if (local === 'OrientableSurface' && attributes.orientation === '-') this.reversed = !this.reversed;
    this.addReference(attributes);
    if (GEOMETRY_AGGREGATES.has(local)) {
      const id = attributes['gml:id'];
      if (id !== undefined) {
        frame.key = id;
        frame.start = (this.builder as ObjectBuilder).items.length;
        return C_AGGREGATE;
      }
    }
    return C_NONE;
  }

  private readSrsDimension(attributes: Record<string, string>): void {
    const value = attributes.srsDimension ?? attributes['gml:srsDimension'];
    if (value !== undefined) this.srsDimension = Number(value) || 0;
  }

  private openAddress(local: string): number {
    switch (local) {
      case 'Thoroughfare':
      case 'Locality':
      case 'Country':
      case 'PostCode':
      case 'PostalCode':
      case 'AdministrativeArea':
      case 'DependentLocality':
      case 'SubAdministrativeArea':
      case 'Premise':
      case 'PostBox':
        this.addressSection = local;
        return C_NONE;
      case 'ThoroughfareName':
      case 'ThoroughfareNumber':
      case 'PostalCodeNumber':
      case 'LocalityName':
      case 'CountryName':
      case 'NameElement':
      case 'Number':
      case 'Identifier':
        this.startText();
        (this.frames[this.depth] as Frame).key = local;
        return C_ADDRESS_FIELD;
      case 'multiPoint':
        return -1;
      default:
        return C_NONE;
    }
  }

  private openExternalReference(local: string): number {
    switch (local) {
      case 'informationSystem':
      case 'name':
      case 'uri':
      case 'targetResource':
        this.startText();
        (this.frames[this.depth] as Frame).key = local;
        return C_EXTREF_FIELD;
      default:
        return C_NONE;
    }
  }

  private openGeneric(local: string, attributes: Record<string, string>, frame: Frame): number {
    const kind = GENERIC_KINDS.get(local);
    if (kind !== undefined) {
      this.genericStack.push({
        name: attributes.name,
        kind,
        value: undefined,
        set: kind === 'set' ? {} : undefined,
      });
      return C_GENERIC;
    }
    const holder = this.genericStack[this.genericStack.length - 1];
    if (holder === undefined) return local === 'genericAttribute' || local === 'value' ? C_NONE : -1;
    if (local === 'name' && holder.name === undefined) {
      this.startText();
      return C_GENERIC_NAME;
    }
    if (local === 'value') {
      if (holder.kind === 'set') return C_NONE;
      frame.aux = attributes.uom;
      this.startText();
      return C_GENERIC_VALUE;
    }
    return -1;
  }

  private openAppearance(local: string, attributes: Record<string, string>): number {
    switch (local) {
      case 'X3DMaterial':
        this.material = { color: { diffuse: [0.8, 0.8, 0.8], transparency: 0 }, targets: [] };
        return C_MATERIAL;
      case 'ParameterizedTexture':
        this.texture = { imageUri: '', rings: [] };
        return C_TEXTURE;
      case 'diffuseColor':
      case 'transparency':
        if (this.material === undefined) return -1;
        (this.frames[this.depth] as Frame).key = local;
        this.startText();
        return C_MATERIAL_FIELD;
      case 'imageURI':
        if (this.texture === undefined) return -1;
        (this.frames[this.depth] as Frame).key = local;
        this.startText();
        return C_TEXTURE_FIELD;
      case 'target': {
        const href = attributes.uri ?? attributes['xlink:href'];
        if (this.material !== undefined) {
          if (href !== undefined) {
            this.material.targets.push(href.replace(/^#/, ''));
            return -1;
          }
          this.startText();
          return C_MATERIAL_TARGET;
        }
        // texture coordinates name their rings, so the target polygon itself is not needed
        if (this.texture !== undefined) return C_NONE;
        return -1;
      }
      case 'textureCoordinates': {
        if (this.texture === undefined) return -1;
        const ring = attributes.ring;
        if (ring === undefined) return -1;
        (this.frames[this.depth] as Frame).key = ring.replace(/^#/, '');
        this.startText(true);
        return C_TEX_COORDS;
      }
      case 'GeoreferencedTexture':
      case 'TexCoordGen':
        if (!this.warnedUnsupportedTexture) {
          this.warnedUnsupportedTexture = true;
          this.warn(`${local} not supported, skipped (expected ParameterizedTexture with TexCoordList)`);
        }
        return -1;
      default:
        return C_NONE;
    }
  }

  // ---------------------------------------------------------------- closing elements

  private closeElement(frame: Frame): void {
    switch (frame.code) {
      case C_POSLIST:
      case C_POS: {
        const text = this.takeText();
        if (this.textCut) this.polygonFault ??= this.longCoordinates();
        else this.closeCoordinates(text, -1, 46);
        return;
      }
      case C_COORDINATES: {
        const text = this.takeText();
        if (this.textCut) this.polygonFault ??= this.longCoordinates();
        else this.closeOldCoordinates(text, frame);
        return;
      }
      case C_RING:
        this.closeRing();
        return;
      case C_POLYGON:
        this.closePolygon();
        return;
      case C_AGGREGATE: {
        const top = this.top as TopLevelState;
        const builder = this.builder as ObjectBuilder;
        if (!top.aggregatesById.has(frame.key)) {
          top.aggregatesById.set(frame.key, { builder, start: frame.start, end: builder.items.length });
        }
        return;
      }
      case C_TEXT_ATTR:
        this.closeTextAttribute(frame.key, this.takeText().trim(), frame.aux);
        return;
      case C_OBJECT:
        this.closeObject();
        return;
      case C_ADDRESS: {
        const address = this.address;
        if (address !== undefined && Object.keys(address).length > 0) {
          (this.builder as ObjectBuilder).record.attributes.addresses.push(address);
        }
        this.address = undefined;
        return;
      }
      case C_ADDRESS_FIELD:
        this.closeAddressField(frame.key, this.takeText().trim());
        return;
      case C_EXTREF: {
        const reference = this.externalReference;
        if (reference !== undefined && Object.keys(reference).length > 0) {
          (this.builder as ObjectBuilder).record.attributes.externalReferences.push(reference);
        }
        this.externalReference = undefined;
        return;
      }
      case C_EXTREF_FIELD: {
        const value = this.takeText().trim();
        const reference = this.externalReference;
        if (reference === undefined || value === '') return;
        if (frame.key === 'informationSystem') reference.informationSystem = value;
        else if (frame.key === 'name') reference.name = value;
        else reference.uri = value;
        return;
      }
      case C_GENERIC:
        this.closeGeneric();
        return;
      case C_GENERIC_NAME: {
        const holder = this.genericStack[this.genericStack.length - 1];
        if (holder !== undefined) holder.name = this.takeText().trim();
        return;
      }
      case C_GENERIC_VALUE: {
        const holder = this.genericStack[this.genericStack.length - 1];
        const value = this.takeText(
          holder?.name !== undefined ? `generic attribute ${JSON.stringify(holder.name)}` : undefined,
        );
        if (holder !== undefined) holder.value = value.trim();
        return;
      }
      case C_HEIGHT_VALUE:
        this.closeTextAttribute('measuredHeight', this.takeText().trim(), frame.aux);
        return;
      case C_ROOT_CORNER: {
        const text = this.takeText();
        if (/nan/i.test(text)) {
          this.warn(
            `root envelope corner "${text.trim()}" is not a number (expected coordinates; empty tile?)`,
          );
        }
        return;
      }
      case C_RELIEF_LOD: {
        const lod = Number(this.takeText().trim());
        if (Number.isInteger(lod) && lod >= 0 && lod <= 4) this.reliefLod = lod;
        return;
      }
      case C_MATERIAL_FIELD: {
        const text = this.takeText().trim();
        const material = this.material;
        if (material === undefined) return;
        if (frame.key === 'transparency') {
          const value = Number(text);
          if (Number.isFinite(value)) material.color.transparency = value;
        } else {
          const rgb = text.split(/\s+/).map(Number);
          if (rgb.length >= 3 && rgb.every(Number.isFinite)) {
            material.color.diffuse = [rgb[0] as number, rgb[1] as number, rgb[2] as number];
          }
        }
        return;
      }
      case C_MATERIAL_TARGET: {
        const target = this.takeText().trim().replace(/^#/, '');
        if (target !== '' && this.material !== undefined) this.material.targets.push(target);
        return;
      }
      case C_MATERIAL:
        this.closeMaterial();
        return;
      case C_TEXTURE_FIELD:
        if (this.texture !== undefined) this.texture.imageUri = this.takeText().trim();
        return;
      case C_TEX_COORDS: {
        const text = this.takeText();
        if (this.texture === undefined) return;
        if (this.textCut) {
          this.warn(
            `texture coordinates of ring ${frame.key} skipped: ${this.longCoordinates()}`,
            this.textLine,
            this.builder?.record.id,
          );
          return;
        }
        this.scratch.clear();
        parseNumberList(text, this.scratch);
        this.texture.rings.push([
          frame.key,
          new Float32Array(this.scratch.data.subarray(0, this.scratch.length)),
        ]);
        return;
      }
      case C_TEXTURE:
        this.closeTexture();
        return;
      default:
        return;
    }
  }

  private closeTextAttribute(key: string, value: string, uom: string | undefined): void {
    if (value === '') return;
    const attributes = (this.builder as ObjectBuilder).record.attributes;
    switch (key) {
      case 'name':
      case 'description':
      case 'class':
      case 'function':
      case 'usage':
      case 'roofType':
        if (attributes[key] === undefined) attributes[key] = value;
        return;
      case 'measuredHeight': {
        const height = Number(value);
        const factor = metresPerUnit(uom);
        if (!Number.isFinite(height)) {
          this.warn(`measuredHeight "${value}" is not a number (expected a length)`);
          return;
        }
        if (factor === undefined) {
          this.warn(`measuredHeight unit "${uom}" unknown (expected a length unit such as m); kept as is`);
        }
        attributes.measuredHeight = height * (factor ?? 1);
        if (uom !== undefined) attributes.measuredHeightUom = uom;
        return;
      }
      case 'storeysAboveGround':
      case 'storeysBelowGround':
      case 'yearOfConstruction':
      case 'yearOfDemolition': {
        const number = Number(value);
        if (Number.isFinite(number)) attributes[key] = number;
        else this.warn(`${key} "${value}" is not a number (expected an integer)`);
        return;
      }
      case 'dateOfConstruction':
      case 'dateOfDemolition': {
        const year = Number(/^-?\d{1,4}/.exec(value)?.[0]);
        if (Number.isFinite(year)) {
          attributes[key === 'dateOfConstruction' ? 'yearOfConstruction' : 'yearOfDemolition'] = year;
        }
        return;
      }
      default:
        return;
    }
  }

  private closeAddressField(key: string, value: string): void {
    const address = this.address;
    if (address === undefined || value === '') return;
    const section = this.addressSection;
    const append = (field: keyof Address): void => {
      address[field] = address[field] === undefined ? value : `${address[field]} ${value}`;
    };
    switch (key) {
      case 'ThoroughfareName':
        append('street');
        return;
      case 'ThoroughfareNumber':
        append('houseNumber');
        return;
      case 'PostalCodeNumber':
        address.postalCode ??= value;
        return;
      case 'LocalityName':
        address.locality ??= value;
        return;
      case 'CountryName':
        address.country ??= value;
        return;
      case 'NameElement':
        if (section === 'Thoroughfare') append('street');
        else if (section === 'Locality') address.locality ??= value;
        else if (section === 'Country') address.country ??= value;
        return;
      case 'Number':
        if (section === 'Thoroughfare' || section === 'Premise') append('houseNumber');
        return;
      case 'Identifier':
        if (section === 'PostCode' || section === 'PostalCode') address.postalCode ??= value;
        return;
      default:
        return;
    }
  }

  private closeGeneric(): void {
    const holder = this.genericStack.pop();
    if (holder === undefined) return;
    const parent = this.genericStack[this.genericStack.length - 1];
    const target = parent?.set ?? (this.builder as ObjectBuilder).record.attributes.generic;
    if (holder.name === undefined || holder.name === '') {
      this.warn('generic attribute without name skipped (expected a name attribute or element)');
      return;
    }
    if (holder.kind === 'set') {
      target[holder.name] = holder.set as GenericAttributes;
      return;
    }
    const text = holder.value ?? '';
    if (holder.kind === 'number') {
      const number = text === '' ? NaN : Number(text);
      target[holder.name] = Number.isFinite(number) ? number : text;
    } else {
      target[holder.name] = text;
    }
  }

  private closeMaterial(): void {
    const material = this.material;
    this.material = undefined;
    if (material === undefined) return;
    const map = this.top !== undefined ? this.top.materials : this.globalMaterials;
    for (const target of material.targets) {
      if (!map.has(target)) map.set(target, material.color);
    }
    if (this.top === undefined) this.trackGlobalAppearance(material.targets.length);
  }

  private closeTexture(): void {
    const texture = this.texture;
    this.texture = undefined;
    if (texture === undefined || texture.imageUri === '') return;
    const map = this.top !== undefined ? this.top.textures : this.globalTextures;
    for (const [ring, uv] of texture.rings) {
      if (!map.has(ring)) map.set(ring, { imageUri: texture.imageUri, uv });
    }
    if (this.top === undefined) this.trackGlobalAppearance(texture.rings.length);
  }

  private trackGlobalAppearance(targets: number): void {
    if (this.appearancesOnly) return;
    if (this.objectsSeen > 0) this.lateGlobalAppearanceTargets += targets;
    for (const map of [this.globalMaterials, this.globalTextures] as Map<string, unknown>[]) {
      while (map.size > GLOBAL_APPEARANCE_MAX_TARGETS / 2) {
        const oldest = map.keys().next().value as string;
        map.delete(oldest);
      }
    }
  }

  // ---------------------------------------------------------------- geometry

  /** The fault of a polygon whose coordinate list outgrew `COORDINATE_TEXT_MAX_CHARS` (line: the list's). */
  private longCoordinates(): string {
    return `a coordinate list longer than ${COORDINATE_TEXT_MAX_CHARS} characters at line ${this.textLine} (expected far fewer vertices)`;
  }

  private closeCoordinates(text: string, extraSeparator: number, decimalChar: number): void {
    const dimension = this.srsDimension === 0 ? 3 : this.srsDimension;
    const positions = this.polygonPositions;
    if (dimension === 3) {
      const count = parseNumberList(text, positions, extraSeparator, decimalChar);
      if (count % 3 !== 0) this.polygonFault ??= `${count} coordinates are not a multiple of srsDimension 3`;
      return;
    }
    const scratch = this.scratch;
    scratch.clear();
    const count = parseNumberList(text, scratch, extraSeparator, decimalChar);
    if (dimension !== 2 || count % 2 !== 0) {
      this.polygonFault ??= `${count} coordinates with srsDimension ${dimension} (expected 2 or 3 per vertex)`;
      return;
    }
    positions.reserve((count / 2) * 3);
    const data = scratch.data;
    for (let i = 0; i < count; i += 2) {
      positions.data[positions.length++] = data[i] as number;
      positions.data[positions.length++] = data[i + 1] as number;
      positions.data[positions.length++] = 0;
    }
  }

  private closeOldCoordinates(text: string, frame: Frame): void {
    const cs = frame.key;
    const ts = (frame.aux ?? ' .').slice(0, -1);
    const decimal = (frame.aux ?? ' .').slice(-1);
    const tuples = text
      .trim()
      .split(ts.trim() === '' ? /\s+/ : ts)
      .filter((tuple) => tuple.trim() !== '');
    const positions = this.polygonPositions;
    for (const tuple of tuples) {
      const values = tuple
        .trim()
        .split(cs.trim() === '' ? /\s+/ : cs)
        .map((value) => Number(decimal === '.' ? value : value.split(decimal).join('.')));
      if (values.length < 2 || values.length > 3) {
        this.polygonFault ??= `coordinate tuple "${tuple}" has ${values.length} values (expected 2 or 3)`;
        return;
      }
      positions.push(values[0] as number);
      positions.push(values[1] as number);
      positions.push(values.length === 3 ? (values[2] as number) : 0);
    }
  }

  private closeRing(): void {
    this.ringActive = false;
    if (this.polygonFault !== undefined) return;
    const positions = this.polygonPositions;
    const data = positions.data;
    const startVertex = this.ringStartFloat / 3;
    let vertexCount = (positions.length - this.ringStartFloat) / 3;
    for (let i = this.ringStartFloat; i < positions.length; i++) {
      if (Number.isNaN(data[i])) {
        this.polygonFault = 'coordinates that are not numbers';
        return;
      }
    }
    if (vertexCount > 1) {
      const first = this.ringStartFloat;
      const last = positions.length - 3;
      if (
        data[first] === data[last] &&
        data[first + 1] === data[last + 1] &&
        data[first + 2] === data[last + 2]
      ) {
        positions.length -= 3;
        vertexCount--;
      }
    }
    const distinct = countDistinctVertices(data, startVertex, vertexCount);
    if (distinct < 3) {
      if (this.ringStarts.length === 0) {
        this.polygonFault = `a ring with ${distinct} distinct vertices (expected ≥ 3)`;
        return;
      }
      positions.length = this.ringStartFloat;
      this.warn(
        `interior ring with ${distinct} distinct vertices dropped (expected ≥ 3)`,
        this.parser.line,
        this.builder?.record.id,
      );
      return;
    }
    this.ringStarts.push(startVertex);
    this.ringIds.push(this.ringId);
    if (this.ringId !== undefined) this.anyRingId = true;
  }

  private closePolygon(): void {
    this.polygonActive = false;
    const builder = this.builder as ObjectBuilder;
    if (this.polygonFault !== undefined || this.ringStarts.length === 0) {
      this.summary.droppedPolygons++;
      const label = this.polygonId !== undefined ? `polygon ${this.polygonId}` : 'polygon';
      this.warn(
        `${label} with ${this.polygonFault ?? 'no exterior ring'} dropped`,
        this.polygonLine,
        builder.record.id,
      );
      return;
    }
    const positions = this.polygonPositions.toArray();
    // a plain copy loop: Uint32Array.from goes through the iterator protocol
    const ringStarts = new Uint32Array(this.ringStarts.length);
    for (let r = 0; r < ringStarts.length; r++) ringStarts[r] = this.ringStarts[r] as number;
    if (this.reversed) reverseRings(positions, ringStarts);
    const polygon: RawPolygon = { positions, ringStarts, semantic: this.semantic, lod: this.lod };
    const id = this.polygonId;
    if (id !== undefined) polygon.gmlId = id;
    const item: PolygonItem = { kind: 0, polygon, hidden: this.hidden };
    if (this.geometrySrs !== undefined) item.geometrySrs = this.geometrySrs;
    if (this.anyRingId) item.ringIds = this.ringIds.slice();
    builder.items.push(item);
    if (id !== undefined) {
      const top = this.top as TopLevelState;
      if (!top.polygonsById.has(id)) top.polygonsById.set(id, item);
      if (this.wanted.has(id)) this.forwardIndex.set(id, item);
    }
  }

  // ---------------------------------------------------------------- finishing objects

  private closeObject(): void {
    const builder = this.builder as ObjectBuilder;
    this.builder = builder.parent;
    if (builder.parent !== undefined) return;
    const top = this.top as TopLevelState;
    this.top = undefined;
    this.objectsSeen++;
    // apply global appearances seen so far where the object has no local one
    if (this.globalMaterials.size > 0) {
      for (const id of top.polygonsById.keys()) {
        const material = this.globalMaterials.get(id);
        if (material !== undefined && !top.materials.has(id)) top.materials.set(id, material);
      }
    }
    if (this.globalTextures.size > 0) {
      for (const item of top.polygonsById.values()) {
        for (const ringId of item.ringIds ?? []) {
          if (ringId === undefined || top.textures.has(ringId)) continue;
          const texture = this.globalTextures.get(ringId);
          if (texture !== undefined) top.textures.set(ringId, texture);
        }
      }
    }
    this.resolveAll(top);
    if (top.unresolved.size > 0 && this.held.length < MAX_HELD_OBJECTS) {
      for (const id of top.unresolved) this.wanted.set(id, (this.wanted.get(id) ?? 0) + 1);
      this.held.push(top);
    } else {
      this.emit(top, false);
    }
    this.indexForLaterObjects(top);
    this.retryHeld();
  }

  /**
   * Keeps polygons with ids reachable for backward XLinks from later objects (bounded). The object's own
   * id maps are kept whole (no copying per id); lookups search them oldest first, so the first object
   * that declares an id wins.
   */
  private indexForLaterObjects(top: TopLevelState): void {
    const ids = top.polygonsById.size + top.aggregatesById.size;
    if (ids === 0) return;
    let floats = 0;
    for (const item of top.polygonsById.values()) floats += item.polygon.positions.length;
    let aggregatesById: Map<string, PolygonItem[]> | undefined;
    for (const [id, range] of top.aggregatesById) {
      const polygons: PolygonItem[] = [];
      for (let i = range.start; i < range.end; i++) {
        const item = range.builder.items[i] as GeometryItem;
        if (item.kind === 0) polygons.push(item);
      }
      aggregatesById ??= new Map();
      aggregatesById.set(id, polygons);
      // the polygons are counted once under their own ids; the list itself costs little
      floats += polygons.length;
    }
    this.crossIndex.push({ polygonsById: top.polygonsById, aggregatesById, floats, ids });
    this.crossIndexFloats += floats;
    this.crossIndexIds += ids;
    const index = this.crossIndex;
    while (
      (this.crossIndexFloats > CROSS_OBJECT_INDEX_MAX_FLOATS ||
        this.crossIndexIds > CROSS_OBJECT_INDEX_MAX_IDS ||
        index.length - this.crossIndexHead > CROSS_OBJECT_INDEX_MAX_OBJECTS) &&
      this.crossIndexHead < index.length
    ) {
      const oldest = index[this.crossIndexHead] as CrossIndexedObject;
      index[this.crossIndexHead++] = undefined as unknown as CrossIndexedObject;
      this.crossIndexFloats -= oldest.floats;
      this.crossIndexIds -= oldest.ids;
    }
    if (this.crossIndexHead > 1024 && this.crossIndexHead * 2 > index.length) {
      this.crossIndex = index.slice(this.crossIndexHead);
      this.crossIndexHead = 0;
    }
  }

  /** Polygons with this gml:id (a polygon, or the polygons of an aggregate) in the cross-object index. */
  private crossLookup(id: string): PolygonItem | PolygonItem[] | undefined {
    const index = this.crossIndex;
    for (let i = this.crossIndexHead; i < index.length; i++) {
      const object = index[i] as CrossIndexedObject;
      const polygon = object.polygonsById.get(id);
      if (polygon !== undefined) return polygon;
      const polygons = object.aggregatesById?.get(id);
      if (polygons !== undefined) return polygons;
    }
    return undefined;
  }

  private retryHeld(): void {
    for (let i = 0; i < this.held.length; ) {
      const held = this.held[i] as TopLevelState;
      let ready = true;
      for (const id of held.unresolved) {
        if (!this.forwardIndex.has(id)) {
          ready = false;
          break;
        }
      }
      if (ready) {
        this.held.splice(i, 1);
        this.emitHeld(held, false);
      } else {
        i++;
      }
    }
  }

  private emitHeld(held: TopLevelState, final: boolean): void {
    for (const id of held.unresolved) {
      const count = (this.wanted.get(id) ?? 1) - 1;
      if (count <= 0) this.wanted.delete(id);
      else this.wanted.set(id, count);
    }
    this.resolveAll(held);
    this.emit(held, final);
    if (this.wanted.size === 0) this.forwardIndex.clear();
  }

  private emit(top: TopLevelState, final: boolean): void {
    if (top.unresolved.size > 0) {
      const builder = top.builder;
      for (const id of top.unresolved) {
        this.warn(
          `XLink to #${id} never resolved${final ? ' before the end of the document' : ''} (expected a geometry with that gml:id)`,
          this.referenceLine(builder, id),
          builder.record.id,
        );
      }
    }
    this.summary.polygons += countPolygons(top.builder.record);
    this.output.push(top.builder.record);
  }

  /** Line of the first XLink to `id` in the object or its parts (else the object's own line). */
  private referenceLine(builder: ObjectBuilder, id: string): number {
    const find = (current: ObjectBuilder): number | undefined => {
      for (const item of current.items) if (item.kind === 1 && item.target === id) return item.line;
      for (const child of current.children) {
        const line = find(child);
        if (line !== undefined) return line;
      }
      return undefined;
    };
    return find(builder) ?? builder.record.line;
  }

  private resolveAll(top: TopLevelState): void {
    top.unresolved.clear();
    const used = new Set<PolygonItem>();
    this.resolveBuilder(top, top.builder, used, top.builder.record.srsName ?? this.summary.srsName);
  }

  /** Geometry with this gml:id: of this object (polygon or aggregate range), or of another object (copied). */
  private lookup(top: TopLevelState, id: string): PolygonItem | AggregateRange | PolygonItem[] | undefined {
    return top.polygonsById.get(id) ?? top.aggregatesById.get(id) ?? this.foreignLookup(id);
  }

  private foreignLookup(id: string): PolygonItem[] | undefined {
    const found = this.forwardIndex.get(id) ?? this.crossLookup(id);
    if (found === undefined) return undefined;
    // positions of emitted records may have been transferred (detached) by the consumer meanwhile
    const usable = (Array.isArray(found) ? found : [found]).filter(
      (item) => item.polygon.positions.length > 0,
    );
    return usable.length > 0 ? usable : undefined;
  }

  private resolveBuilder(
    top: TopLevelState,
    builder: ObjectBuilder,
    used: Set<PolygonItem>,
    inheritedSrs: string | undefined,
  ): void {
    const record = builder.record;
    record.srsName = builder.ownSrs ?? inheritedSrs;
    if (record.srsName === undefined) delete record.srsName;
    const byLod = new Map<number, Map<PolygonItem, RawPolygon>>();
    const emitPolygon = (
      item: PolygonItem,
      lod: number,
      semantic: SurfaceSemantic,
      reversed: boolean,
      foreign = false,
    ): void => {
      let outputs = byLod.get(lod);
      if (outputs === undefined) {
        outputs = new Map();
        byLod.set(lod, outputs);
      }
      const existing = outputs.get(item);
      if (existing !== undefined) {
        if (existing.semantic === 'unknown' && semantic !== 'unknown') existing.semantic = semantic;
        return;
      }
      const source = item.polygon;
      const shareable = !used.has(item) && !reversed && !foreign;
      used.add(item);
      const positions = shareable ? source.positions : source.positions.slice();
      if (reversed) reverseRings(positions, source.ringStarts);
      const polygon: RawPolygon = {
        positions,
        ringStarts: shareable ? source.ringStarts : source.ringStarts.slice(),
        semantic: semantic === 'unknown' ? source.semantic : semantic,
        lod,
      };
      if (source.gmlId !== undefined) polygon.gmlId = source.gmlId;
      if (item.geometrySrs !== undefined && item.geometrySrs !== record.srsName)
        polygon.srsName = item.geometrySrs;
      this.applyAppearance(top, item, polygon);
      outputs.set(item, polygon);
    };
    const expand = (id: string, ref: ReferenceItem, depth: number): boolean => {
      const target = this.lookup(top, id);
      if (target === undefined) return false;
      if (Array.isArray(target)) {
        for (const item of target) emitPolygon(item, ref.lod, ref.semantic, ref.reversed, true);
        return true;
      }
      if ('kind' in target) {
        emitPolygon(target, ref.lod, ref.semantic, ref.reversed);
        return true;
      }
      if (depth > 8) return true;
      for (let i = target.start; i < target.end; i++) {
        const item = target.builder.items[i] as GeometryItem;
        if (item.kind === 0) emitPolygon(item, ref.lod, ref.semantic, ref.reversed);
        else if (!expand(item.target, ref, depth + 1)) top.unresolved.add(item.target);
      }
      return true;
    };
    for (const item of builder.items) {
      if (item.kind === 0) {
        if (!item.hidden && item.polygon.lod >= 0)
          emitPolygon(item, item.polygon.lod, item.polygon.semantic, false);
      } else if (!expand(item.target, item, 0)) {
        top.unresolved.add(item.target);
      }
    }
    // choose the LoD
    let chosen = -1;
    if (this.exactLod !== undefined) {
      if ((byLod.get(this.exactLod)?.size ?? 0) > 0) chosen = this.exactLod;
    } else {
      for (const [lod, outputs] of byLod) {
        if (outputs.size === 0) continue;
        if (lod <= this.maxLod) {
          if (chosen < 0 || chosen > this.maxLod || lod > chosen) chosen = lod;
        } else if (chosen < 0 || (chosen > this.maxLod && lod < chosen)) {
          chosen = lod;
        }
      }
    }
    record.lod = chosen;
    record.polygons = chosen >= 0 ? [...(byLod.get(chosen) as Map<PolygonItem, RawPolygon>).values()] : [];
    record.parts = [];
    for (const child of builder.children) {
      this.resolveBuilder(top, child, used, record.srsName);
      record.parts.push(child.record);
    }
  }

  private applyAppearance(top: TopLevelState, item: PolygonItem, polygon: RawPolygon): void {
    const id = item.polygon.gmlId;
    if (id !== undefined) {
      const material = top.materials.get(id);
      if (material !== undefined) polygon.material = material;
    }
    const ringIds = item.ringIds;
    if (ringIds === undefined || top.textures.size === 0) return;
    const vertexCount = polygon.positions.length / 3;
    const uv = new Float32Array(vertexCount * 2);
    let imageUri: string | undefined;
    for (let r = 0; r < ringIds.length; r++) {
      const ringId = ringIds[r];
      const texture = ringId !== undefined ? top.textures.get(ringId) : undefined;
      if (texture === undefined) return;
      if (imageUri !== undefined && texture.imageUri !== imageUri) return;
      imageUri = texture.imageUri;
      const start = polygon.ringStarts[r] as number;
      const end = r + 1 < ringIds.length ? (polygon.ringStarts[r + 1] as number) : vertexCount;
      const count = end - start;
      const available = texture.uv.length / 2;
      if (available !== count && available !== count + 1) {
        this.warn(
          `texture coordinates of ring ${ringId} have ${available} pairs for ${count} vertices (expected one pair per vertex)`,
          top.builder.record.line,
          top.builder.record.id,
        );
        return;
      }
      uv.set(texture.uv.subarray(0, count * 2), start * 2);
    }
    if (imageUri !== undefined) polygon.texture = { imageUri, uv };
  }
}

/**
 * Reads only the global appearances (`appearanceMember`) of a document, skipping its city objects: a
 * first pass for files that write appearances after the objects (PLATEAU). Pass the result as
 * `globalAppearances` to the reader in the second pass. Throws `CityGmlError` on bad input.
 */
export async function collectGlobalAppearances(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: Pick<CityGmlReadOptions, 'file'> = {},
): Promise<GlobalAppearances> {
  const reader = new CityGmlStreamReader(options, true);
  for await (const chunk of chunks) reader.write(chunk);
  reader.close();
  return reader.globalAppearances();
}

/** Push-style reader: feed string chunks, collect completed top-level city objects. */
export function createCityGmlReader(options: CityGmlReadOptions = {}): CityGmlReader {
  return new CityGmlStreamReader(options);
}

/**
 * Pull-style reader over any (async) iterable of string chunks: yields top-level city objects one at a
 * time and returns the `ReadSummary`. Throws `CityGmlError` on bad input after the readable objects.
 */
export async function* readCityGml(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: CityGmlReadOptions = {},
): AsyncGenerator<CityObjectRecord, ReadSummary> {
  const reader = createCityGmlReader(options);
  for await (const chunk of chunks) {
    for (const record of reader.write(chunk)) yield record;
  }
  const { objects, summary } = reader.close();
  for (const record of objects) yield record;
  return summary;
}
