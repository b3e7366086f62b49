/**
 * Streaming XPlanGML 4.x / 5.x / 6.x reader: feeds string chunks to the project's streaming XML tokenizer
 * (`../../gml/xml-tokenizer.ts`) and returns one `XPlanFeature` per plan object as soon as its end tag is
 * read. Platform-free.
 *
 * Security: DTDs are never processed. A DOCTYPE that declares entities is refused (no entity expansion, so
 * entity-expansion bombs cannot grow); references to undefined entities are errors; nothing is ever fetched
 * (schema locations and document URLs are kept as text).
 *
 * Geometry: gml:Polygon, PolygonPatch, Surface (patches), MultiSurface, CompositeSurface, LinearRing and Ring
 * (curveMember with LineString, Curve of LineStringSegment, Arc, ArcString, Circle), LineString, Curve,
 * MultiCurve, CompositeCurve, Point, MultiPoint; 2D, in the source CRS (srsDimension 3 positions keep x,y).
 * Arcs are interpolated to chords no further than `arcTolerance` (default 0.01 m) from the arc.
 */
import { NumberBuffer } from '../../gml/coordinates.ts';
import * as syntaxErrorsModule from '../../gml/syntax-errors.ts';
import { XmlSyntaxError, XmlTokenizer } from '../../gml/xml-tokenizer.ts';
import { countOwn, getOwn, setOwn } from '../../util/own.ts';
import * as geometryModule from './geometry.ts';
import * as readerGeometryModule from './reader-geometry.ts';
import type { GeometryState } from './reader-geometry.ts';
import * as readerVocabularyModule from './reader-vocabulary.ts';
import { NamespaceScope } from './reader-vocabulary.ts';
import type { SavedScope } from './reader-vocabulary.ts';
import { MAX_XPLAN_WARNINGS, XPlanError } from './reader-api.ts';
import type { XPlanReadOptions, XPlanReader } from './reader-api.ts';
import type {
  XPlanDocument,
  XPlanDocumentReference,
  XPlanFeature,
  XPlanHeightStatement,
  XPlanPlanInfo,
  XPlanVersion,
  XPlanWarning,
} from './types.ts';
import * as errorsModule from '../../errors.ts';

// Local bindings: module namespace getters (CommonJS interop in tsx and Vitest) cost on hot paths.
const { declaresEntities, describeXmlSyntaxError } = syntaxErrorsModule;
const { DEFAULT_ARC_TOLERANCE } = geometryModule;
const {
  OPENED_LINE,
  OPENED_POSITIONS,
  OPENED_UNSUPPORTED,
  buildGeometry,
  closeGeometryElement,
  createGeometryState,
  openGeometryElement,
} = readerGeometryModule;
const { DECIMAL, GML_NAMESPACE, NUMERIC_PROPERTIES, XLINK_NAMESPACE, assignPlan, isWebLink, versionOf } =
  readerVocabularyModule;
const { errorMessage } = errorsModule;

// The public API of the reader, also importable from here (index.ts re-exports it).
export { MAX_XPLAN_WARNINGS, XPlanError } from './reader-api.ts';
export type { XPlanReadOptions, XPlanReader } from './reader-api.ts';

/** Element roles on the stack. */
const R_OTHER = 0;
const R_ROOT = 1;
const R_MEMBER = 2;
const R_FEATURE = 3;
const R_PROPERTY = 4;
const R_VALUE = 5;
const R_GEOMETRY = 6;
const R_SKIP = 7;

interface Frame {
  role: number;
  local: string;
  /** gml for geometry frames, key path for value frames. */
  key: string;
  namespaces: SavedScope | undefined;
  hadChild: boolean;
  srsName: string | undefined;
  srsDimension: number;
  count: number;
  documentStart: boolean;
  heightStart: boolean;
}

interface FeatureState {
  feature: XPlanFeature;
  document: XPlanDocumentReference | undefined;
  height: XPlanHeightStatement | undefined;
  envelopeSrs: string | undefined;
}

class XPlanStreamReader implements XPlanReader {
  private readonly parser: XmlTokenizer;
  private readonly file: string | undefined;
  private readonly arcTolerance: number;
  private error: XPlanError | undefined;
  private output: XPlanFeature[] = [];
  private readonly frames: Frame[] = [];
  private readonly namespaces = new NamespaceScope();
  private sawRoot = false;
  private namespace = '';
  private version: XPlanVersion | 'unknown' = 'unknown';
  private documentSrs: string | undefined;
  private readonly warnings: XPlanWarning[] = [];
  private warningsNotListed = 0;
  private readonly plans: XPlanPlanInfo[] = [];
  private readonly countsByClass: Record<string, number> = {};
  private readonly bereichToPlan = new Map<string, string>();
  private generatedIds = 0;

  private current: FeatureState | undefined;
  private geometry: GeometryState | undefined;
  private readonly numbers = new NumberBuffer(1024);
  private text = '';

  constructor(options: XPlanReadOptions) {
    this.file = options.file;
    this.arcTolerance = options.arcTolerance ?? DEFAULT_ARC_TOLERANCE;
    if (!(this.arcTolerance > 0)) throw new Error('XPlanGML reader: arcTolerance must be a positive number');
    // text is collected only while wanted (`parser.textWanted`, set by `startCapture`): the tokenizer
    // skips all other text in place
    this.parser = new XmlTokenizer({
      openTag: (name, attributes) => this.onOpenTag(name, attributes),
      closeTag: () => this.onCloseTag(),
      text: (text) => {
        this.text += text;
      },
      doctype: (body) => this.onDoctype(body),
      warning: (message, line) => this.warn(message, line, this.current?.feature.id),
    });
  }

  write(chunk: string): XPlanFeature[] {
    if (this.error) throw this.error;
    this.output = [];
    try {
      this.parser.write(chunk);
    } catch (caught) {
      this.error = this.asXPlanError(caught);
    }
    const completed = this.output;
    this.output = [];
    return completed;
  }

  close(): { features: XPlanFeature[]; document: Omit<XPlanDocument, 'features'> } {
    if (this.error) throw this.error;
    this.output = [];
    try {
      this.parser.close();
    } catch (caught) {
      this.error = this.asXPlanError(caught);
      throw this.error;
    }
    if (!this.sawRoot) {
      this.error = this.fail('an empty document', 'an XPlanGML XPlanAuszug root element');
      throw this.error;
    }
    if (this.warningsNotListed > 0) {
      this.warnings.push({
        ...(this.file !== undefined ? { file: this.file } : {}),
        line: this.parser.line,
        message: `${this.warningsNotListed} further warnings not listed (only the first ${MAX_XPLAN_WARNINGS} are kept)`,
      });
    }
    const features = this.output;
    this.output = [];
    return {
      features,
      document: {
        version: this.version,
        namespace: this.namespace,
        ...(this.documentSrs !== undefined ? { srsName: this.documentSrs } : {}),
        plans: this.plans,
        countsByClass: this.countsByClass,
        warnings: this.warnings,
      },
    };
  }

  // ---------------------------------------------------------------- errors

  private fail(found: string, expected: string): XPlanError {
    return new XPlanError(found, expected, this.parser.line, this.parser.column + 1, this.file);
  }

  private asXPlanError(caught: unknown): XPlanError {
    if (caught instanceof XPlanError) return caught;
    if (caught instanceof XmlSyntaxError) {
      const { found, expected } = describeXmlSyntaxError(caught, 'an XPlanGML XPlanAuszug root element');
      return this.fail(found, expected);
    }
    const message = errorMessage(caught);
    return this.fail(`internal failure (${message})`, 'a readable XPlanGML document');
  }

  private warn(message: string, line = this.parser.line, featureId?: string): void {
    if (this.warnings.length >= MAX_XPLAN_WARNINGS) {
      this.warningsNotListed++;
      return;
    }
    const warning: XPlanWarning = { line, message };
    if (this.file !== undefined) warning.file = this.file;
    if (featureId !== undefined) warning.featureId = featureId;
    this.warnings.push(warning);
  }

  private onDoctype(doctype: string): void {
    if (declaresEntities(doctype)) {
      throw this.fail(
        'a DOCTYPE declaring entities (entity expansion is refused)',
        'an XPlanGML document without DTD entity declarations',
      );
    }
    this.warn('DOCTYPE declaration ignored (expected none in XPlanGML)');
  }

  // ---------------------------------------------------------------- SAX events

  private push(role: number, local: string, saved: SavedScope | undefined): Frame {
    const parent = this.frames[this.frames.length - 1];
    if (parent) parent.hadChild = true;
    const frame: Frame = {
      role,
      local,
      key: '',
      namespaces: saved,
      hadChild: false,
      srsName: parent?.srsName,
      srsDimension: parent?.srsDimension ?? 0,
      count: 0,
      documentStart: false,
      heightStart: false,
    };
    this.frames.push(frame);
    return frame;
  }

  private onOpenTag(name: string, attributes: Record<string, string>): void {
    const parent = this.frames[this.frames.length - 1];
    if (parent?.role === R_SKIP) {
      this.push(R_SKIP, '', undefined);
      return;
    }
    const saved = this.parser.declaresNamespaces ? this.namespaces.declare(attributes) : undefined;
    const { local, uri } = this.namespaces.split(name);
    const isGml = uri !== undefined && GML_NAMESPACE.test(uri);

    if (parent === undefined) {
      this.sawRoot = true;
      const version = uri !== undefined ? versionOf(uri) : 'unknown';
      if (local !== 'XPlanAuszug' || version === 'unknown') {
        throw this.fail(
          `root element <${name}>${uri ? ` in namespace ${uri}` : ' without namespace'}`,
          'an XPlanGML XPlanAuszug root in namespace http://www.xplanung.de/xplangml/<version> (4.0 to 6.1)',
        );
      }
      this.namespace = uri as string;
      this.version = version;
      this.push(R_ROOT, local, saved);
      return;
    }

    switch (parent.role) {
      case R_ROOT: {
        if (isGml && (local === 'featureMember' || local === 'featureMembers')) {
          this.push(R_MEMBER, local, saved);
        } else if (isGml && local === 'boundedBy') {
          this.push(R_OTHER, local, saved);
        } else {
          this.push(R_SKIP, local, saved);
        }
        return;
      }
      case R_MEMBER: {
        this.openFeature(local, attributes, saved);
        return;
      }
      case R_FEATURE: {
        const frame = this.push(R_PROPERTY, local, saved);
        frame.key = isGml ? `gml:${local}` : local;
        if (isGml && local === 'boundedBy') frame.role = R_OTHER;
        const href = this.namespaces.attribute(attributes, 'href', XLINK_NAMESPACE);
        if (href !== undefined && this.current) {
          const list = (this.current.feature.references[local] ??= []);
          list.push(href);
        }
        if (!isGml || local === 'name' || local === 'description') this.startCapture();
        if (this.namespaces.attribute(attributes, 'uom', /.*/) !== undefined) frame.count = 1;
        return;
      }
      case R_OTHER: {
        // envelopes outside features: remember the first srsName
        this.push(R_OTHER, local, saved);
        if (isGml && local === 'Envelope') {
          const srs = attributes['srsName'];
          if (srs !== undefined) {
            this.documentSrs ??= srs;
            if (this.current) this.current.envelopeSrs ??= srs;
          }
        }
        return;
      }
      case R_PROPERTY:
      case R_VALUE: {
        if (isGml && !this.geometry && parent.role === R_PROPERTY) {
          this.stopCapture();
          this.startGeometry(parent.local);
          this.openGeometry(local, attributes, saved);
          return;
        }
        if (isGml) {
          // a second geometry, or geometry nested in a data type: not read
          if (this.current && parent.role === R_PROPERTY) {
            this.warn(
              `second geometry in property "${parent.local}" ignored (one geometry per feature is read)`,
              this.parser.line,
              this.current.feature.id,
            );
          }
          this.push(R_SKIP, local, saved);
          return;
        }
        this.openValue(parent, local, attributes, saved);
        return;
      }
      case R_GEOMETRY: {
        this.openGeometry(local, attributes, saved);
        return;
      }
      default:
        this.push(R_SKIP, local, saved);
    }
  }

  private onCloseTag(): void {
    const frame = this.frames.pop();
    if (frame === undefined) return;
    switch (frame.role) {
      case R_FEATURE:
        this.closeFeature();
        break;
      case R_PROPERTY:
        this.closeProperty(frame);
        break;
      case R_VALUE:
        this.closeValue(frame);
        break;
      case R_GEOMETRY:
        this.closeGeometry(frame);
        break;
      case R_SKIP: {
        // an unsupported geometry element directly in a property ends the geometry
        const parent = this.frames[this.frames.length - 1];
        if (this.geometry && parent?.role === R_PROPERTY) this.finishGeometry(frame);
        break;
      }
      default:
        break;
    }
    if (frame.namespaces !== undefined) this.namespaces.restore(frame.namespaces);
  }

  /** Collects the text of the element just opened (until `stopCapture`; child elements' text included). */
  private startCapture(): void {
    this.parser.textWanted = true;
    this.text = '';
  }

  private stopCapture(): void {
    this.parser.textWanted = false;
    this.text = '';
  }

  // ---------------------------------------------------------------- features and properties

  private openFeature(
    local: string,
    attributes: Record<string, string>,
    saved: SavedScope | undefined,
  ): void {
    const frame = this.push(R_FEATURE, local, saved);
    const id = this.namespaces.attribute(attributes, 'id', GML_NAMESPACE) ?? `feature-${++this.generatedIds}`;
    if (id.startsWith('feature-')) this.warn(`<${local}> without gml:id; named ${id}`);
    frame.key = id;
    this.current = {
      feature: {
        id,
        featureClass: local,
        properties: {},
        references: {},
        heights: [],
        documents: [],
        line: this.parser.line,
      },
      document: undefined,
      height: undefined,
      envelopeSrs: undefined,
    };
  }

  private closeFeature(): void {
    const state = this.current;
    this.current = undefined;
    if (!state) return;
    const feature = state.feature;
    if (!feature.srsName && feature.geometry) {
      const srs = state.envelopeSrs ?? this.documentSrs;
      if (srs !== undefined) feature.srsName = srs;
    }
    countOwn(this.countsByClass, feature.featureClass);
    assignPlan(feature, this.plans, this.bereichToPlan);
    this.output.push(feature);
  }

  private openValue(
    parent: Frame,
    local: string,
    attributes: Record<string, string>,
    saved: SavedScope | undefined,
  ): void {
    // text of the parent is mixed content: ignore it
    const frame = this.push(R_VALUE, local, saved);
    const state = this.current;
    // data type wrappers (XP_Gemeinde, XP_Hoehenangabe, XP_SpezExterneReferenz, BP_…) add no path segment
    const wrapper = /^[A-Z]{2}_/.test(local);
    frame.key = wrapper ? parent.key : `${parent.key}.${local}`;
    if (state) {
      if (wrapper && /Referenz/.test(local) && !state.document) {
        state.document = { property: parent.key.split('.')[0] as string, isWebLink: false };
        frame.documentStart = true;
      } else if (wrapper && local === 'XP_Hoehenangabe' && !state.height) {
        state.height = {};
        frame.heightStart = true;
      }
      const href = this.namespaces.attribute(attributes, 'href', XLINK_NAMESPACE);
      if (href !== undefined) (state.feature.references[frame.key] ??= []).push(href);
    }
    if (this.namespaces.attribute(attributes, 'uom', /.*/) !== undefined) frame.count = 1;
    this.startCapture();
  }

  private closeValue(frame: Frame): void {
    const state = this.current;
    if (!state) return;
    if (!frame.hadChild) {
      const text = this.text.trim();
      this.stopCapture();
      if (text !== '') {
        const value = this.storeValue(frame.key, frame.local, text, frame.count === 1);
        if (state.document && !frame.documentStart) {
          const document = state.document as unknown as Record<string, string | boolean>;
          if (['referenzName', 'referenzURL', 'georefURL', 'typ', 'art'].includes(frame.local)) {
            document[frame.local] = text;
          }
        }
        if (state.height && !frame.heightStart && ['hoehenbezug', 'bezugspunkt'].includes(frame.local)) {
          (state.height as Record<string, string>)[frame.local] = text;
        } else if (state.height && typeof value === 'number' && /^h(Min|Max|Zwingend)?$/.test(frame.local)) {
          (state.height as Record<string, number>)[frame.local] = value;
        }
      }
    } else {
      this.stopCapture();
    }
    if (frame.documentStart && state.document) {
      state.document.isWebLink = isWebLink(state.document.referenzURL);
      state.feature.documents.push(state.document);
      state.document = undefined;
    }
    if (frame.heightStart && state.height) {
      state.feature.heights.push(state.height);
      state.height = undefined;
    }
  }

  private closeProperty(frame: Frame): void {
    const state = this.current;
    if (!state) return;
    if (!frame.hadChild && this.parser.textWanted) {
      const text = this.text.trim();
      if (text !== '') this.storeValue(frame.key, frame.local, text, frame.count === 1);
    }
    this.stopCapture();
  }

  /** Stores a simple value: measures as numbers, everything else as text. */
  private storeValue(key: string, local: string, text: string, hasUom: boolean): string | number {
    const state = this.current as FeatureState;
    const properties = state.feature.properties;
    let value: string | number = text;
    if (hasUom || NUMERIC_PROPERTIES.has(local)) {
      if (DECIMAL.test(text)) value = Number(text);
      else {
        this.warn(
          `property "${key}" is "${text.slice(0, 40)}"; expected a number (kept as text)`,
          this.parser.line,
          state.feature.id,
        );
      }
    }
    const existing = getOwn(properties, key);
    setOwn(properties, key, existing === undefined ? value : `${String(existing)}; ${String(value)}`);
    return value;
  }

  // ---------------------------------------------------------------- geometry (see reader-geometry.ts)

  private startGeometry(property: string): void {
    this.geometry = createGeometryState(property);
  }

  private openGeometry(
    local: string,
    attributes: Record<string, string>,
    saved: SavedScope | undefined,
  ): void {
    const geometry = this.geometry as GeometryState;
    const frame = this.push(R_GEOMETRY, local, saved);
    const srs = attributes['srsName'];
    if (srs !== undefined) {
      frame.srsName = srs;
      if (this.current && this.current.feature.srsName === undefined) this.current.feature.srsName = srs;
    }
    const dimension = attributes['srsDimension'];
    if (dimension !== undefined) frame.srsDimension = Number(dimension);
    const count = attributes['count'];
    frame.count = count !== undefined ? Number(count) : 0;
    const opened = openGeometryElement(geometry, local);
    if (opened === OPENED_POSITIONS) this.startCapture();
    else if (opened === OPENED_LINE) frame.key = 'line';
    else if (opened === OPENED_UNSUPPORTED) {
      geometry.faults.push(`unsupported GML element <${local}> (line ${this.parser.line})`);
      frame.role = R_SKIP;
    }
  }

  private closeGeometry(frame: Frame): void {
    const geometry = this.geometry as GeometryState;
    let text = '';
    if (frame.local === 'posList' || frame.local === 'pos' || frame.local === 'coordinates') {
      text = this.text;
      this.stopCapture();
    }
    closeGeometryElement(geometry, frame, frame.key === 'line', text, this.numbers, this.arcTolerance);
    // the element that started the geometry closes: build it
    const parent = this.frames[this.frames.length - 1];
    if (parent !== undefined && parent.role !== R_GEOMETRY && parent.role !== R_SKIP)
      this.finishGeometry(frame);
  }

  private finishGeometry(frame: Frame): void {
    const geometry = this.geometry as GeometryState;
    this.geometry = undefined;
    const state = this.current;
    if (!state) return;
    const feature = state.feature;
    for (const fault of geometry.faults) {
      this.warn(`geometry of ${feature.featureClass}: ${fault}`, this.parser.line, feature.id);
    }
    const built = buildGeometry(geometry);
    if (built === undefined) {
      this.warn(
        `${feature.featureClass}: no usable geometry in <${frame.local}> of property "${geometry.property}"`,
        this.parser.line,
        feature.id,
      );
      return;
    }
    if (built.mixed) {
      this.warn(
        `${feature.featureClass}: mixed geometry; only the polygons are kept`,
        this.parser.line,
        feature.id,
      );
    }
    feature.geometry = built.geometry;
    feature.geometryProperty = geometry.property;
  }
}

/** Creates an incremental XPlanGML reader (feed text chunks of one document, then close). */
export function createXPlanReader(options: XPlanReadOptions = {}): XPlanReader {
  return new XPlanStreamReader(options);
}

/**
 * Reads a whole XPlanGML document from text or text chunks (already decoded, e.g. UTF-8). Features whose plan
 * could not be found while streaming get their plan when the document has exactly one. Throws `XPlanError`
 * (with file, line and column) for documents that are not well-formed XPlanGML.
 */
export function readXPlan(input: string | Iterable<string>, options: XPlanReadOptions = {}): XPlanDocument {
  const reader = createXPlanReader(options);
  const features: XPlanFeature[] = [];
  if (typeof input === 'string') features.push(...reader.write(input));
  else for (const chunk of input) features.push(...reader.write(chunk));
  const closed = reader.close();
  features.push(...closed.features);
  const onlyPlan =
    closed.document.plans.length === 1 ? (closed.document.plans[0] as XPlanPlanInfo).id : undefined;
  if (onlyPlan !== undefined) for (const feature of features) feature.planId ??= onlyPlan;
  return { ...closed.document, features };
}
