/**
 * The state shared by the parts of the streaming CityGML reader: the reader's tag state machine
 * (`reader.ts`) and its element handlers for geometry (`geometry.ts`), attributes (`attributes.ts`),
 * appearances (`appearances.ts`) and XLink resolution (`xlinks.ts`). Everything here is internal to the
 * reader; the public API is in `api.ts` (re-exported by `index.ts`).
 *
 * `ReaderState` holds the parse state (element stack, inherited context such as LoD and semantic, the
 * object and polygon under construction, collected text, appearances, XLink indexes) and the services
 * every part uses: warnings, errors and text capture. The handlers are plain functions taking it.
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
import { errorMessage } from '../errors.ts';
import { Float64Slab, NumberBuffer } from '../gml/coordinates.ts';
import * as vocabulary from './vocabulary.ts';
import * as syntaxErrorsModule from '../gml/syntax-errors.ts';
import { XmlSyntaxError, XmlTokenizer } from '../gml/xml-tokenizer.ts';
import type { LocalMeaning, NamespaceKind } from './vocabulary.ts';
import * as apiModule from './api.ts';
import { CityGmlError, DEFAULT_MAX_LOD } from './api.ts';
import type { CityGmlReadOptions, RingTexture } from './api.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const { describeXmlSyntaxError } = syntaxErrorsModule;
const { ATTRIBUTE_VALUE_MAX_CHARS, COORDINATE_TEXT_MAX_CHARS, MAX_WARNINGS } = apiModule;

const { GML_LOCAL_NAMES, NS_GML, NS_MISSING, SURFACE_SEMANTICS, classifyNamespace, meaningOf } = vocabulary;

/** A polygon read in a city object, with what XLinks and appearances need to find it. */
export interface PolygonItem {
  kind: 0;
  polygon: RawPolygon;
  /** gml:id of each ring (for ParameterizedTexture), when any ring has one. */
  ringIds?: (string | undefined)[];
  /** srsName given on the geometry, if any. */
  geometrySrs?: string;
  hidden: boolean;
}

/** An XLink (xlink:href) to geometry by gml:id, with the LoD, semantic and orientation in force where it was written. */
export interface ReferenceItem {
  kind: 1;
  target: string;
  lod: number;
  semantic: SurfaceSemantic;
  reversed: boolean;
  line: number;
}

/** What a city object holds in document order: polygons and references to geometry. */
export type GeometryItem = PolygonItem | ReferenceItem;

/** The items of a geometry aggregate with a gml:id (solid, multi-surface, …) as a range of its builder's items. */
export interface AggregateRange {
  builder: ObjectBuilder;
  start: number;
  end: number;
}

/** A city object (or part) being read: its record, geometry items and parts. */
export interface ObjectBuilder {
  record: CityObjectRecord;
  items: GeometryItem[];
  /** Element depth of the object's start tag. */
  depth: number;
  parent: ObjectBuilder | undefined;
  children: ObjectBuilder[];
  /** Parts above this one up to the top-level object (0 for the object itself). */
  level: number;
  ownSrs?: string;
}

/**
 * An earlier object's geometry by gml:id, kept for backward XLinks from later objects: copied into a few arrays,
 * because the emitted polygons' coordinates may be transferred to another thread once the record is consumed
 * (and a few arrays cost the collector less than thousands of small objects: NRW's scavenges 299 → 219 ms).
 */
export interface CrossIndexedObject {
  /** The polygons' coordinates, copied end to end (source CRS, as `RawPolygon.positions`). */
  positions: Float64Array;
  /**
   * In this order: per polygon its first coordinate, the end of its coordinates, its first ring and the end
   * of its rings (4 × `polygons`); the ring starts (`rings`, each relative to its polygon, as
   * `RawPolygon.ringStarts`); per polygon the span of its gml:id in `text` (2 × `polygons`, −1 for none);
   * with `ringIds`, per ring the span of its gml:id (2 × `rings`); per declared id its hash, span and
   * target (polygon index ≥ 0, or −1 − aggregate index; 4 × `ids`); from `aggregatesAt`, where each
   * aggregate's members start and end (aggregates + 1), then the members (polygon indices) from `membersAt`.
   */
  ints: Int32Array;
  /** The ids, UTF-16 code units end to end. */
  text: Uint16Array;
  /** Per polygon, its surface semantic's code (`cross-index.ts`). */
  semantics: Uint8Array;
  polygons: number;
  rings: number;
  /** Whether ring gml:ids are kept (some ring has one). */
  ringIds: boolean;
  /** Declared ids: of polygons and of aggregates. */
  ids: number;
  aggregatesAt: number;
  membersAt: number;
  /** A geometry's own srsName, by polygon index (rare). */
  srsNames: Map<number, string> | undefined;
  /** Polygons rebuilt by lookups, by index: one item per polygon, so two references to it draw it once. */
  unpacked: (PolygonItem | undefined)[] | undefined;
  /** Coordinates and aggregate members counted for the memory bound. */
  floats: number;
}

/** A top-level city object being read or held back, with its geometry ids and local appearances. */
export interface TopLevelState {
  builder: ObjectBuilder;
  polygonsById: Map<string, PolygonItem>;
  aggregatesById: Map<string, AggregateRange>;
  materials: Map<string, MaterialColor>;
  textures: Map<string, RingTexture>;
  unresolved: Set<string>;
}

// Frame codes: what to do when an element closes.
export const C_NONE = 0;
export const C_ROOT = 1;
export const C_MEMBER = 2;
export const C_OBJECT = 3;
export const C_TEXT_ATTR = 4;
export const C_POLYGON = 5;
export const C_RING = 6;
export const C_POSLIST = 7;
export const C_POS = 8;
export const C_COORDINATES = 9;
export const C_AGGREGATE = 10;
export const C_ADDRESS = 11;
export const C_ADDRESS_FIELD = 12;
export const C_EXTREF = 13;
export const C_EXTREF_FIELD = 14;
export const C_GENERIC = 15;
export const C_GENERIC_VALUE = 16;
export const C_GENERIC_NAME = 17;
export const C_HEIGHT_VALUE = 18;
export const C_ENVELOPE_PROP = 19;
export const C_ROOT_CORNER = 20;
export const C_MATERIAL = 21;
export const C_MATERIAL_FIELD = 22;
export const C_TEXTURE = 23;
export const C_TEXTURE_FIELD = 24;
export const C_TEX_COORDS = 26;
export const C_MATERIAL_TARGET = 27;
export const C_RELIEF_LOD = 28;
export const C_ROOT_OTHER = 29;

export const MODE_NORMAL = 0;
export const MODE_APPEARANCE = 1;
export const MODE_ADDRESS = 2;
export const MODE_EXTREF = 3;
export const MODE_GENERIC = 4;

/** A resolved element name: local name, namespace kind and URI, and what the local name means. */
export interface ElementName {
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

/**
 * The context inherited by nested elements: the reader holds the current one and each open
 * element's frame a saved copy, so one field list serves both and the copy between them.
 */
export class ElementContext {
  lod = -1;
  semantic: SurfaceSemantic = 'unknown';
  installation = false;
  hidden = false;
  reversed = false;
  srsDimension = 0;
  geometrySrs: string | undefined = undefined;
  mode = MODE_NORMAL;
  addressSection = '';

  /** Copies every context field into `target` (save into a frame, or restore from one). */
  copyContextTo(target: ElementContext): void {
    target.lod = this.lod;
    target.semantic = this.semantic;
    target.installation = this.installation;
    target.hidden = this.hidden;
    target.reversed = this.reversed;
    target.srsDimension = this.srsDimension;
    target.geometrySrs = this.geometrySrs;
    target.mode = this.mode;
    target.addressSection = this.addressSection;
  }
}

/** One open element: its frame code (what to do on close) and the context to restore then. */
export class Frame extends ElementContext {
  code = C_NONE;
  key = '';
  aux: string | undefined = undefined;
  start = 0;
  namespaces: Map<string, string> | undefined = undefined;
  nameCache: Map<string, ElementName> | undefined = undefined;
}

/** File name without folders (for generated ids), or 'input'. */
export function baseName(file: string | undefined): string {
  if (file === undefined) return 'input';
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || 'input';
}

/** Semantic of an ADE subclass of a boundary surface, by the end of its name (e.g. '…RoofSurface'). */
export function adeSurfaceSemantic(local: string): SurfaceSemantic | undefined {
  if (!local.endsWith('Surface')) return undefined;
  for (const [name, semantic] of SURFACE_SEMANTICS) if (local.endsWith(name)) return semantic;
  return undefined;
}

/** Polygons of a record and its parts. */
export function countPolygons(record: CityObjectRecord): number {
  let count = record.polygons.length;
  for (const part of record.parts) count += countPolygons(part);
  return count;
}

/** Attributes of a new record: none yet. */
export function emptyAttributes(): CityObjectRecord['attributes'] {
  return { addresses: [], externalReferences: [], generic: {} };
}

/** Reverses the orientation of each ring in place (keeps each ring's first vertex). */
export function reverseRings(positions: Float64Array, ringStarts: Uint32Array): void {
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

/** Parse state of one document and the services the reader's parts share (see the module comment). */
export abstract class ReaderState extends ElementContext {
  readonly parser: XmlTokenizer;
  readonly file: string | undefined;
  readonly maxLod: number;
  readonly exactLod: number | undefined;
  readonly summary: ReadSummary = {
    objectsByType: {},
    buildingParts: 0,
    polygons: 0,
    droppedPolygons: 0,
    warnings: [],
  };
  version: '1.0' | '2.0' | '3.0' = '2.0';
  error: CityGmlError | undefined;
  output: CityObjectRecord[] = [];
  sawRoot = false;

  // element stack
  depth = 0;
  skipDepth = 0;
  readonly frames: Frame[] = [];
  namespaces = new Map<string, string>([['xml', 'http://www.w3.org/XML/1998/namespace']]);
  nameCache = new Map<string, ElementName>();
  warnedMissingNamespace = false;

  // context: the fields inherited from ElementContext
  reliefLod = 2;

  // text capture
  text = '';
  /** Characters kept of the text being collected (see `startText`). */
  textLimit = ATTRIBUTE_VALUE_MAX_CHARS;
  /** The text being collected outgrew `textLimit`: the rest was skipped. */
  textCut = false;
  textLine = 0;
  /** Qualified name of the element opened last (names the element whose text is collected). */
  openedName = '';

  // objects
  top: TopLevelState | undefined;
  builder: ObjectBuilder | undefined;
  generatedIds = 0;
  objectsSeen = 0;

  // polygon under construction
  polygonActive = false;
  polygonId: string | undefined;
  polygonLine = 0;
  polygonFault: string | undefined;
  readonly polygonPositions = new NumberBuffer(4096);
  /** Where finished polygons' coordinates are copied to, with `sharedCoordinateBlocks` (see `Float64Slab`). */
  readonly polygonSlab: Float64Slab | undefined;
  readonly scratch = new NumberBuffer(1024);
  /**
   * Rings of the polygon under construction, reused from polygon to polygon: ring start vertices and
   * ring gml:ids, the first `ringCount` entries. Counted rather than truncated: `length = 0` drops an
   * array's storage, so each polygon allocated two new ones.
   */
  readonly ringStarts: number[] = [];
  readonly ringIds: (string | undefined)[] = [];
  ringCount = 0;
  anyRingId = false;
  ringActive = false;
  ringStartFloat = 0;
  ringId: string | undefined;

  // attributes under construction
  address: Address | undefined;
  externalReference: ExternalReference | undefined;
  genericStack: GenericHolder[] = [];

  // appearances
  material: { color: MaterialColor; targets: string[] } | undefined;
  texture: { imageUri: string; rings: [string, Float32Array][] } | undefined;
  readonly globalMaterials: Map<string, MaterialColor>;
  readonly globalTextures: Map<string, RingTexture>;
  /** Global appearances came from `options.globalAppearances`: the document's own are skipped. */
  readonly appearancesGiven: boolean;
  /** Collecting global appearances only: city objects are skipped, the maps are not bounded. */
  readonly appearancesOnly: boolean;
  lateGlobalAppearanceTargets = 0;
  warningsNotListed = 0;
  warnedUnsupportedTexture = false;
  warnedImplicitGeometry = false;

  // cross-object XLinks
  /** Geometry of earlier objects with ids, oldest first (from `crossIndexHead`), packed (`cross-index.ts`). */
  crossIndex: CrossIndexedObject[] = [];
  crossIndexHead = 0;
  crossIndexFloats = 0;
  crossIndexIds = 0;
  readonly held: TopLevelState[] = [];
  readonly wanted = new Map<string, number>();
  readonly forwardIndex = new Map<string, PolygonItem>();

  constructor(options: CityGmlReadOptions, appearancesOnly = false) {
    super();
    this.file = options.file;
    this.appearancesOnly = appearancesOnly;
    this.appearancesGiven = options.globalAppearances !== undefined;
    this.globalMaterials = options.globalAppearances?.materials ?? new Map();
    this.globalTextures = options.globalAppearances?.textures ?? new Map();
    this.maxLod = options.maxLod ?? DEFAULT_MAX_LOD;
    this.polygonSlab = options.sharedCoordinateBlocks === true ? new Float64Slab() : undefined;
    this.exactLod = options.lod;
    this.parser = new XmlTokenizer({
      openTag: (name, attributes) => this.onOpenTag(name, attributes),
      closeTag: () => this.onCloseTag(),
      text: (text) => this.addText(text),
      doctype: (body) => this.onDoctype(body),
      warning: (message, line) => this.warn(message, line, this.builder?.record.id),
    });
  }

  /** A start tag (the tag state machine, in reader.ts). */
  protected abstract onOpenTag(qname: string, attributes: Record<string, string>): void;
  /** An end tag. */
  protected abstract onCloseTag(): void;
  /** The DOCTYPE declaration. */
  protected abstract onDoctype(doctype: string): void;

  get line(): number {
    return this.parser.line;
  }

  fail(found: string, expected: string): CityGmlError {
    // the tokenizer counts columns from 0; editors and the message count from 1
    return new CityGmlError(found, expected, this.parser.line, this.parser.column + 1, this.file);
  }

  warn(message: string, line = this.parser.line, objectId?: string): void {
    if (this.summary.warnings.length >= MAX_WARNINGS) {
      this.warningsNotListed++;
      return;
    }
    const warning: ReadWarning = { line, message };
    if (this.file !== undefined) warning.file = this.file;
    if (objectId !== undefined) warning.objectId = objectId;
    this.summary.warnings.push(warning);
  }

  /**
   * Collects the text of the element just opened (the text handler is only set while needed: faster),
   * up to `ATTRIBUTE_VALUE_MAX_CHARS`, or `COORDINATE_TEXT_MAX_CHARS` for a coordinate list.
   */
  startText(coordinates = false): void {
    this.text = '';
    this.textLimit = coordinates ? COORDINATE_TEXT_MAX_CHARS : ATTRIBUTE_VALUE_MAX_CHARS;
    this.textCut = false;
    this.textLine = this.parser.line;
    this.parser.textWanted = true;
    // coordinates are parsed and dropped: slices of the input, not copies
    this.parser.textKept = !coordinates;
  }

  addText(piece: string): void {
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
  takeText(what?: string): string {
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

  // ---------------------------------------------------------------- errors and context

  /** Notes on `error` the top-level object being read, which the fault cuts off. */
  withOpenObject(error: CityGmlError): CityGmlError {
    const record = this.top?.builder.record;
    if (record !== undefined && error.openObject === undefined) {
      error.openObject = { id: record.id, type: record.type, line: record.line };
      if (record.generatedId === true) error.openObject.generatedId = true;
    }
    return error;
  }

  asCityGmlError(caught: unknown): CityGmlError {
    if (caught instanceof CityGmlError) return caught;
    if (caught instanceof XmlSyntaxError) {
      const { found, expected, truncated } = describeXmlSyntaxError(
        caught,
        'a CityGML CityModel root element',
      );
      const failure = this.fail(found, expected);
      if (truncated) failure.truncated = true;
      return failure;
    }
    const message = errorMessage(caught);
    return this.fail(`internal failure (${message})`, 'a readable CityGML document');
  }

  /** Saves the context into the frame (restored on close). */
  saveContext(frame: Frame): void {
    this.copyContextTo(frame);
  }

  restoreContext(frame: Frame): void {
    frame.copyContextTo(this);
  }

  // ---------------------------------------------------------------- element names

  resolveName(qname: string): ElementName {
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

  declareNamespaces(attributes: Record<string, string>, frame: Frame): void {
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

  restoreNamespaces(frame: Frame): void {
    if (frame.namespaces === undefined || frame.nameCache === undefined) return;
    this.namespaces = frame.namespaces;
    this.nameCache = frame.nameCache;
  }
}
