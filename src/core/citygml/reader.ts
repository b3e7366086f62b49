/**
 * Streaming CityGML 1.0/2.0/3.0 reader: feeds string chunks to a streaming XML tokenizer
 * (`../gml/xml-tokenizer.ts`) and yields one top-level city object at a time as a `CityObjectRecord`.
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
import type { CityObjectRecord, ReadSummary, SurfaceSemantic } from './types.ts';
import * as syntaxErrorsModule from '../gml/syntax-errors.ts';
import * as apiModule from './api.ts';
import type { CityGmlReadOptions, CityGmlReader, GlobalAppearances, CityGmlError } from './api.ts';
import * as stateModule from './state.ts';
import { ReaderState, Frame } from './state.ts';
import type { ObjectBuilder, TopLevelState, ElementName } from './state.ts';
import * as geometryModule from './geometry.ts';
import * as attributesModule from './attributes.ts';
import * as appearancesModule from './appearances.ts';
import * as xlinksModule from './xlinks.ts';
import type { NamespaceKind } from './vocabulary.ts';
import * as vocabulary from './vocabulary.ts';
import { countOwn } from '../util/own.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const { declaresEntities } = syntaxErrorsModule;
const { MAX_WARNINGS, MAX_NESTING_LEVELS } = apiModule;
const {
  C_NONE,
  C_ROOT,
  C_MEMBER,
  C_OBJECT,
  C_TEXT_ATTR,
  C_POLYGON,
  C_RING,
  C_POSLIST,
  C_POS,
  C_COORDINATES,
  C_AGGREGATE,
  C_ADDRESS,
  C_EXTREF,
  C_HEIGHT_VALUE,
  C_ENVELOPE_PROP,
  C_ROOT_CORNER,
  C_MATERIAL,
  C_MATERIAL_FIELD,
  C_TEXTURE,
  C_TEXTURE_FIELD,
  C_TEX_COORDS,
  C_MATERIAL_TARGET,
  C_RELIEF_LOD,
  C_ROOT_OTHER,
  MODE_NORMAL,
  MODE_APPEARANCE,
  MODE_ADDRESS,
  MODE_EXTREF,
  MODE_GENERIC,
  baseName,
  adeSurfaceSemantic,
  emptyAttributes,
} = stateModule;
const { addReference, closeGeometryElement, openGeometry } = geometryModule;
const { closeAttributeElement, openAddress, openExternalReference, openGeneric } = attributesModule;
const { closeAppearanceElement, openAppearance } = appearancesModule;
const { closeObject, emitHeld } = xlinksModule;

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
  NS_CITYGML,
  NS_GML,
  NS_MISSING,
  NS_OTHER,
  NS_XAL,
  citygmlVersionOf,
} = vocabulary;

// The public API of the reader, also importable from here (index.ts re-exports it).
export {
  ATTRIBUTE_VALUE_MAX_CHARS,
  COORDINATE_TEXT_MAX_CHARS,
  CROSS_OBJECT_INDEX_MAX_FLOATS,
  CROSS_OBJECT_INDEX_MAX_IDS,
  CROSS_OBJECT_INDEX_MAX_OBJECTS,
  CityGmlError,
  GLOBAL_APPEARANCE_MAX_TARGETS,
  MAX_HELD_OBJECTS,
  MAX_NESTING_LEVELS,
  MAX_WARNINGS,
} from './api.ts';
export type {
  CityGmlReadOptions,
  CityGmlReader,
  GlobalAppearances,
  RingTexture,
  UnfinishedObject,
} from './api.ts';

/**
 * The tag state machine: decides per start tag what an element means from the element stack and the
 * inherited context (mode, LoD, semantic), hands geometry, attributes and appearances to their handlers
 * (geometry.ts, attributes.ts, appearances.ts) and finishes city objects (xlinks.ts).
 */
class CityGmlStreamReader extends ReaderState implements CityGmlReader {
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
    while (this.held.length > 0) emitHeld(this, this.held.shift() as TopLevelState, true);
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

  protected onDoctype(doctype: string): void {
    if (declaresEntities(doctype)) {
      throw this.fail(
        'a DOCTYPE declaring entities (entity expansion is refused)',
        'a CityGML document without DTD entity declarations',
      );
    }
    this.warn('DOCTYPE declaration ignored (expected none in CityGML)');
  }

  protected onOpenTag(qname: string, attributes: Record<string, string>): void {
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

  protected onCloseTag(): void {
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

  /** Decides what an element means; returns its frame code, or -1 to skip its subtree. */
  private openElement(name: ElementName, attributes: Record<string, string>, frame: Frame): number {
    this.saveContext(frame);
    const { local, kind } = name;
    if (this.depth === 0) return this.openRoot(local, kind, name.uri);
    if (kind === NS_OTHER) {
      if (this.builder === undefined || this.mode !== MODE_NORMAL || this.lod >= 0) {
        const parentCode = (this.frames[this.depth - 1] as Frame).code;
        if (parentCode === C_MEMBER && this.builder === undefined) {
          countOwn(this.summary.objectsByType, local);
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
        return openAppearance(this, local, attributes);
      case MODE_ADDRESS:
        return openAddress(this, local);
      case MODE_EXTREF:
        return openExternalReference(this, local);
      case MODE_GENERIC:
        return openGeneric(this, local, attributes, frame);
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
    if (this.mode === MODE_APPEARANCE) return openAppearance(this, local, attributes);
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
    const level = parent === undefined ? 0 : parent.level + 1;
    if (level > MAX_NESTING_LEVELS) {
      this.warn(
        `${local} nested deeper than ${MAX_NESTING_LEVELS} levels of parts: skipped with everything in it (expected at most ${MAX_NESTING_LEVELS})`,
        this.parser.line,
        this.top?.builder.record.id,
      );
      return -1;
    }
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
    const builder: ObjectBuilder = { record, items: [], depth: this.depth, parent, children: [], level };
    if (parent === undefined) {
      this.top = {
        builder,
        polygonsById: new Map(),
        aggregatesById: new Map(),
        materials: new Map(),
        textures: new Map(),
        unresolved: new Set(),
      };
      countOwn(this.summary.objectsByType, local);
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
    if (kind === NS_GML) return openGeometry(this, local, attributes, frame, directChild);
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
        return openGeneric(this, local, attributes, frame);
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
        addReference(this, attributes);
        return C_NONE;
      case A_SKIP:
        if (!this.warnedImplicitGeometry && local.endsWith('ImplicitRepresentation')) {
          this.warnedImplicitGeometry = true;
          this.warn(`${local} skipped: implicit geometry is not supported (expected explicit surfaces)`);
        }
        return -1;
      default:
        if (this.lod >= 0) addReference(this, attributes);
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

  // ---------------------------------------------------------------- closing elements

  private closeElement(frame: Frame): void {
    switch (frame.code) {
      case C_AGGREGATE:
      case C_RING:
      case C_POS:
      case C_POSLIST:
      case C_COORDINATES:
      case C_POLYGON:
        closeGeometryElement(this, frame);
        return;
      case C_MATERIAL:
      case C_MATERIAL_FIELD:
      case C_MATERIAL_TARGET:
      case C_TEXTURE:
      case C_TEXTURE_FIELD:
      case C_TEX_COORDS:
        closeAppearanceElement(this, frame);
        return;
      case C_OBJECT:
        closeObject(this);
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
      default:
        closeAttributeElement(this, frame);
        return;
    }
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
