/**
 * TEST-ONLY REFERENCE: the XPlanGML reader as it was on saxes, before it moved to the project's own XML
 * tokenizer (`src/core/gml/xml-tokenizer.ts`). Kept unchanged (apart from imports and export names) so that
 * the parity test (`test/xplan-reader-parity.data.test.ts`) and `bench/xplan-throughput.ts` can
 * check the new reader against it: same features, same document summary, on every shared XPlanGML file.
 * Not used by production code; `saxes` is a devDependency for this file and the tokenizer's own test.
 *
 * Streaming XPlanGML 4.x / 5.x / 6.x reader: feeds string chunks to a SAX parser (saxes) and returns one
 * `XPlanFeature` per plan object as soon as its end tag is read. Platform-free.
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
import { SaxesParser } from 'saxes';
import type { SaxesTagPlain } from 'saxes';
import { NumberBuffer, parseNumberList } from '../../src/core/gml/coordinates.ts';
import { DEFAULT_ARC_TOLERANCE, interpolateArc } from '../../src/core/layers/xplan/geometry.ts';
import type { XPlanGeometry } from '../../src/core/layers/xplan/geometry.ts';
import type {
  XPlanDocument,
  XPlanDocumentReference,
  XPlanFeature,
  XPlanHeightStatement,
  XPlanPlanInfo,
  XPlanVersion,
  XPlanWarning,
} from '../../src/core/layers/xplan/types.ts';

/** Options of the XPlanGML reader. */
export interface XPlanReadOptions {
  /** File name used in messages. */
  file?: string;
  /** Largest distance between a circular arc and the chords replacing it, in source CRS units (metres). Default 0.01. */
  arcTolerance?: number;
}

/** Warnings kept per document; further ones are counted in a final warning. */
export const MAX_XPLAN_WARNINGS = 1000;

/** A fault that stops reading: names file, line and column (1-based), what was found and what was expected. */
export class XPlanError extends Error {
  file: string | undefined;
  line: number;
  column: number;

  constructor(found: string, expected: string, line: number, column: number, file?: string) {
    super(`XPlanGML reader: ${file ?? '<input>'}:${line}:${column}: ${found}; expected ${expected}`);
    this.name = 'XPlanError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** Incremental reader: `write` returns the features completed by that chunk, `close` the rest and the summary. */
export interface XPlanReader {
  write(chunk: string): XPlanFeature[];
  close(): { features: XPlanFeature[]; document: Omit<XPlanDocument, 'features'> };
}

const XPLAN_NAMESPACE = /^http:\/\/www\.xplanung\.de\/xplangml\/(\d+)\/(\d+)\/?$/;
const GML_NAMESPACE = /^http:\/\/www\.opengis\.net\/gml(?:\/3\.2)?\/?$/;
const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';

/** Properties read as numbers (measures); anything with a `uom` attribute is read as a number too. */
const NUMERIC_PROPERTIES = new Set([
  'GRZ', 'GRZmin', 'GRZmax', 'GRZ_Ausn', 'GFZ', 'GFZmin', 'GFZmax', 'GFZ_Ausn', 'GF', 'GFmin', 'GFmax',
  'GF_Ausn', 'GR', 'GRmin', 'GRmax', 'GR_Ausn', 'BM', 'BMmin', 'BMmax', 'BMZ', 'BMZ_Ausn', 'Z', 'Zmin', 'Zmax',
  'Zzwingend', 'Z_Ausn', 'ZU', 'ZUmin', 'ZUmax', 'ZUzwingend', 'ZU_Ausn', 'Z_Staffel', 'Z_Dach', 'ZU_Dach',
  'h', 'hMin', 'hMax', 'hZwingend', 'GH', 'GHmin', 'GHmax', 'FH', 'FHmin', 'FHmax', 'TH', 'THmin', 'THmax',
  'OK', 'OKmin', 'OKmax', 'WH', 'WHmin', 'WHmax', 'Fmin', 'Fmax', 'Bmin', 'Bmax', 'Tmin', 'Tmax',
  'MaxZahlWohnungen', 'MinGRWohneinheit', 'erstellungsMassstab', 'drehwinkel', 'skalierung', 'DNmin', 'DNmax',
  'DN', 'DNZwingend',
]); // prettier-ignore

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Structural GML elements that need no action of their own. */
const GML_STRUCTURAL = new Set([
  'MultiSurface', 'CompositeSurface', 'surfaceMember', 'surfaceMembers', 'Surface', 'patches', 'LinearRing',
  'Ring', 'curveMember', 'curveMembers', 'segments', 'LineStringSegment', 'MultiCurve', 'CompositeCurve',
  'MultiPoint', 'pointMember', 'pointMembers', 'MultiGeometry', 'geometryMember', 'geometryMembers',
  'OrientableCurve', 'baseCurve',
]); // prettier-ignore

const ARC_SEGMENTS = new Set(['Arc', 'ArcString', 'Circle']);

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
  namespaces: Map<string, string> | undefined;
  hadChild: boolean;
  srsName: string | undefined;
  srsDimension: number;
  count: number;
  documentStart: boolean;
  heightStart: boolean;
}

interface GeometryState {
  property: string;
  coords: number[];
  partStarts: number[];
  polygonStarts: number[];
  polygons: number;
  lines: number;
  points: number;
  /** Part currently open (a ring or a line) collects appended positions. */
  partOpen: boolean;
  arcPoints: number[];
  inArc: string | undefined;
  /** The exterior of the polygon being read was dropped: drop its holes too. */
  droppingPolygon: boolean;
  faults: string[];
}

interface FeatureState {
  feature: XPlanFeature;
  document: XPlanDocumentReference | undefined;
  height: XPlanHeightStatement | undefined;
  envelopeSrs: string | undefined;
}

function versionOf(namespace: string): XPlanVersion | 'unknown' {
  const match = XPLAN_NAMESPACE.exec(namespace);
  if (!match) return 'unknown';
  const version = `${match[1]}.${match[2]}`;
  const known: readonly string[] = ['4.0', '4.1', '5.0', '5.1', '5.2', '5.3', '5.4', '6.0', '6.1'];
  return known.includes(version) ? (version as XPlanVersion) : 'unknown';
}

function isWebLink(url: string | undefined): boolean {
  return url !== undefined && /^https?:\/\/[^\s/]+/i.test(url.trim());
}

class XPlanStreamReader implements XPlanReader {
  private readonly parser: SaxesParser;
  private readonly file: string | undefined;
  private readonly arcTolerance: number;
  private error: XPlanError | undefined;
  private output: XPlanFeature[] = [];
  private readonly frames: Frame[] = [];
  private namespaces = new Map<string, string>([['xml', 'http://www.w3.org/XML/1998/namespace']]);
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
  private capturing = false;
  private text = '';

  constructor(options: XPlanReadOptions) {
    this.file = options.file;
    this.arcTolerance = options.arcTolerance ?? DEFAULT_ARC_TOLERANCE;
    if (!(this.arcTolerance > 0)) throw new Error('XPlanGML reader: arcTolerance must be a positive number');
    this.parser = new SaxesParser({ xmlns: false, position: true });
    this.parser.on('opentag', (tag) => this.onOpenTag(tag));
    this.parser.on('closetag', () => this.onCloseTag());
    this.parser.on('text', (text) => {
      if (this.capturing) this.text += text;
    });
    this.parser.on('cdata', (text) => {
      if (this.capturing) this.text += text;
    });
    this.parser.on('doctype', (doctype) => this.onDoctype(doctype));
    this.parser.on('error', (error) => {
      throw this.translateSaxError(error);
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
    const message = caught instanceof Error ? caught.message : String(caught);
    return this.fail(`internal failure (${message})`, 'a readable XPlanGML document');
  }

  private translateSaxError(error: Error): XPlanError {
    const message = error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    const unclosed = /^unclosed tag: (.*)$/.exec(message);
    if (unclosed) {
      return this.fail(
        `the document ends inside <${unclosed[1]}> (truncated file?)`,
        `</${unclosed[1]}> and the rest of the document`,
      );
    }
    if (message.startsWith('undefined entity')) {
      return this.fail(
        'a reference to an undefined entity',
        'only the predefined XML entities and character references (DTD entities are never expanded)',
      );
    }
    if (message.startsWith('document must contain a root element')) {
      return this.fail('no root element', 'an XPlanGML XPlanAuszug root element');
    }
    return this.fail(`malformed XML (${message.replace(/\.$/, '')})`, 'well-formed XML');
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
    if (/<!ENTITY/i.test(doctype)) {
      throw this.fail(
        'a DOCTYPE declaring entities (entity expansion is refused)',
        'an XPlanGML document without DTD entity declarations',
      );
    }
    this.warn('DOCTYPE declaration ignored (expected none in XPlanGML)');
  }

  // ---------------------------------------------------------------- names

  private split(qname: string): { prefix: string; local: string; uri: string | undefined } {
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    return { prefix, local, uri: this.namespaces.get(prefix) };
  }

  private declareNamespaces(attributes: Record<string, string>): Map<string, string> | undefined {
    let saved: Map<string, string> | undefined;
    for (const key in attributes) {
      if (!key.startsWith('xmlns')) continue;
      if (key.length > 5 && key.charCodeAt(5) !== 58) continue;
      if (saved === undefined) {
        saved = this.namespaces;
        this.namespaces = new Map(this.namespaces);
      }
      this.namespaces.set(key.length > 5 ? key.slice(6) : '', attributes[key] as string);
    }
    return saved;
  }

  private attribute(
    attributes: Record<string, string>,
    local: string,
    namespace: RegExp | string,
  ): string | undefined {
    for (const key in attributes) {
      const { prefix, local: name } = this.split(key);
      if (name !== local) continue;
      if (prefix === '') return attributes[key];
      const uri = this.namespaces.get(prefix);
      if (uri !== undefined && (typeof namespace === 'string' ? uri === namespace : namespace.test(uri))) {
        return attributes[key];
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------- SAX events

  private push(role: number, local: string, saved: Map<string, string> | undefined): Frame {
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

  private onOpenTag(tag: SaxesTagPlain): void {
    const parent = this.frames[this.frames.length - 1];
    if (parent?.role === R_SKIP) {
      this.push(R_SKIP, '', undefined);
      return;
    }
    const attributes = tag.attributes;
    const saved = this.declareNamespaces(attributes);
    const { local, uri } = this.split(tag.name);
    const isGml = uri !== undefined && GML_NAMESPACE.test(uri);

    if (parent === undefined) {
      this.sawRoot = true;
      const version = uri !== undefined ? versionOf(uri) : 'unknown';
      if (local !== 'XPlanAuszug' || version === 'unknown') {
        throw this.fail(
          `root element <${tag.name}>${uri ? ` in namespace ${uri}` : ' without namespace'}`,
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
        const href = this.attribute(attributes, 'href', XLINK_NAMESPACE);
        if (href !== undefined && this.current) {
          const list = (this.current.feature.references[local] ??= []);
          list.push(href);
        }
        if (!isGml || local === 'name' || local === 'description') this.startCapture();
        if (this.attribute(attributes, 'uom', /.*/) !== undefined) frame.count = 1;
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
          this.capturing = false;
          this.text = '';
          this.startGeometry(parent.local);
          this.openGeometryElement(local, attributes, saved);
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
        this.openGeometryElement(local, attributes, saved);
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
        this.closeGeometryElement(frame);
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
    if (frame.namespaces !== undefined) this.namespaces = frame.namespaces;
  }

  private startCapture(): void {
    this.capturing = true;
    this.text = '';
  }

  // ---------------------------------------------------------------- features and properties

  private openFeature(
    local: string,
    attributes: Record<string, string>,
    saved: Map<string, string> | undefined,
  ): void {
    const frame = this.push(R_FEATURE, local, saved);
    const id = this.attribute(attributes, 'id', GML_NAMESPACE) ?? `feature-${++this.generatedIds}`;
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
    this.countsByClass[feature.featureClass] = (this.countsByClass[feature.featureClass] ?? 0) + 1;
    // plan membership
    if (/_Plan$/.test(feature.featureClass)) {
      for (const href of feature.references['bereich'] ?? [])
        this.bereichToPlan.set(href.replace(/^#/, ''), feature.id);
      feature.planId = feature.id;
      this.plans.push(this.planInfo(feature));
    } else if (/_Bereich$/.test(feature.featureClass)) {
      const plan = feature.references['gehoertZuPlan']?.[0];
      if (plan !== undefined) this.bereichToPlan.set(feature.id, plan.replace(/^#/, ''));
      const planId = this.bereichToPlan.get(feature.id);
      if (planId !== undefined) feature.planId = planId;
    } else {
      const bereich = feature.references['gehoertZuBereich']?.[0];
      const planId = bereich !== undefined ? this.bereichToPlan.get(bereich.replace(/^#/, '')) : undefined;
      if (planId !== undefined) feature.planId = planId;
      else if (this.plans.length === 1) feature.planId = (this.plans[0] as XPlanPlanInfo).id;
    }
    this.output.push(feature);
  }

  private planInfo(feature: XPlanFeature): XPlanPlanInfo {
    const text = (key: string): string | undefined => {
      const value = feature.properties[key];
      return value === undefined ? undefined : String(value);
    };
    const info: XPlanPlanInfo = {
      id: feature.id,
      featureClass: feature.featureClass,
      documents: feature.documents,
      line: feature.line,
    };
    const fields: [keyof XPlanPlanInfo, string][] = [
      ['name', 'name'],
      ['nummer', 'nummer'],
      ['gemeindeName', 'gemeinde.gemeindeName'],
      ['ags', 'gemeinde.ags'],
      ['rechtsstand', 'rechtsstand'],
      ['planArt', 'planArt'],
    ];
    for (const [field, key] of fields) {
      const value = text(key);
      if (value !== undefined) (info as unknown as Record<string, string>)[field] = value;
    }
    return info;
  }

  private openValue(
    parent: Frame,
    local: string,
    attributes: Record<string, string>,
    saved: Map<string, string> | undefined,
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
      const href = this.attribute(attributes, 'href', XLINK_NAMESPACE);
      if (href !== undefined) (state.feature.references[frame.key] ??= []).push(href);
    }
    if (this.attribute(attributes, 'uom', /.*/) !== undefined) frame.count = 1;
    this.startCapture();
  }

  private closeValue(frame: Frame): void {
    const state = this.current;
    if (!state) return;
    if (!frame.hadChild) {
      const text = this.text.trim();
      this.capturing = false;
      this.text = '';
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
      this.capturing = false;
      this.text = '';
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
    if (!frame.hadChild && this.capturing) {
      const text = this.text.trim();
      if (text !== '') this.storeValue(frame.key, frame.local, text, frame.count === 1);
    }
    this.capturing = false;
    this.text = '';
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
    const existing = properties[key];
    properties[key] = existing === undefined ? value : `${String(existing)}; ${String(value)}`;
    return value;
  }

  // ---------------------------------------------------------------- geometry

  private startGeometry(property: string): void {
    this.geometry = {
      property,
      coords: [],
      partStarts: [],
      polygonStarts: [],
      polygons: 0,
      lines: 0,
      points: 0,
      partOpen: false,
      arcPoints: [],
      inArc: undefined,
      droppingPolygon: false,
      faults: [],
    };
  }

  private openGeometryElement(
    local: string,
    attributes: Record<string, string>,
    saved: Map<string, string> | undefined,
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
    switch (local) {
      case 'Polygon':
      case 'PolygonPatch':
      case 'Rectangle':
        geometry.polygonStarts.push(geometry.partStarts.length);
        geometry.polygons++;
        geometry.droppingPolygon = false;
        return;
      case 'exterior':
      case 'interior':
        this.openPart();
        return;
      case 'LineString':
      case 'Curve':
        if (!geometry.partOpen) {
          this.openPart();
          frame.key = 'line';
          geometry.lines++;
        }
        return;
      case 'Point':
        geometry.points++;
        return;
      case 'posList':
      case 'pos':
      case 'coordinates':
        this.startCapture();
        return;
      default:
        if (ARC_SEGMENTS.has(local)) {
          geometry.inArc = local;
          geometry.arcPoints = [];
          return;
        }
        if (!GML_STRUCTURAL.has(local)) {
          geometry.faults.push(`unsupported GML element <${local}> (line ${this.parser.line})`);
          frame.role = R_SKIP;
        }
    }
  }

  private openPart(): void {
    const geometry = this.geometry as GeometryState;
    geometry.partStarts.push(geometry.coords.length / 2);
    geometry.partOpen = true;
  }

  private closeGeometryElement(frame: Frame): void {
    const geometry = this.geometry as GeometryState;
    switch (frame.local) {
      case 'posList':
      case 'pos':
      case 'coordinates':
        this.readPositions(frame);
        break;
      case 'exterior':
      case 'interior':
        this.closeRing(frame.local === 'exterior');
        break;
      case 'LineString':
      case 'Curve':
        if (frame.key === 'line') {
          geometry.partOpen = false;
          const start = geometry.partStarts[geometry.partStarts.length - 1] as number;
          if (geometry.coords.length / 2 - start < 2) {
            geometry.faults.push(`a line with fewer than 2 positions dropped`);
            geometry.coords.length = start * 2;
            geometry.partStarts.pop();
            geometry.lines--;
          }
        }
        break;
      case 'Arc':
      case 'ArcString':
      case 'Circle':
        this.closeArc(frame.local);
        break;
      default:
        break;
    }
    // the element that started the geometry closes: build it
    const parent = this.frames[this.frames.length - 1];
    if (parent !== undefined && parent.role !== R_GEOMETRY && parent.role !== R_SKIP)
      this.finishGeometry(frame);
  }

  private readPositions(frame: Frame): void {
    const geometry = this.geometry as GeometryState;
    const text = this.text;
    this.capturing = false;
    this.text = '';
    const numbers = this.numbers;
    numbers.clear();
    const count =
      frame.local === 'coordinates' ? parseNumberList(text, numbers, 44) : parseNumberList(text, numbers);
    let dimension = frame.srsDimension > 0 ? frame.srsDimension : 2;
    if (frame.local === 'pos') dimension = count === 3 ? 3 : 2;
    else if (frame.count > 0 && count % frame.count === 0 && count / frame.count >= 2)
      dimension = count / frame.count;
    if (frame.local === 'coordinates') dimension = 2;
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(numbers.data[i])) {
        geometry.faults.push(`<gml:${frame.local}> holds text that is not a finite number`);
        return;
      }
    }
    if (count % dimension !== 0 || count < dimension) {
      geometry.faults.push(`<gml:${frame.local}> holds ${count} numbers, not a multiple of ${dimension}`);
      return;
    }
    const target: number[] = geometry.inArc !== undefined ? geometry.arcPoints : geometry.coords;
    const isPoint = geometry.inArc === undefined && !geometry.partOpen;
    for (let i = 0; i + dimension <= count; i += dimension) {
      const x = numbers.data[i] as number;
      const y = numbers.data[i + 1] as number;
      if (isPoint) {
        geometry.partStarts.push(geometry.coords.length / 2);
        target.push(x, y);
        continue;
      }
      if (target === geometry.coords && this.repeatsLast(x, y)) continue;
      target.push(x, y);
    }
  }

  /** Whether x,y equals the last vertex of the open part (segments and curve members share end points). */
  private repeatsLast(x: number, y: number): boolean {
    const geometry = this.geometry as GeometryState;
    const start = geometry.partStarts[geometry.partStarts.length - 1] ?? 0;
    const n = geometry.coords.length;
    return n / 2 > start && geometry.coords[n - 2] === x && geometry.coords[n - 1] === y;
  }

  private closeArc(kind: string): void {
    const geometry = this.geometry as GeometryState;
    const points = geometry.arcPoints;
    geometry.inArc = undefined;
    geometry.arcPoints = [];
    const n = points.length / 2;
    if (n < 3 || (kind !== 'Circle' && n % 2 === 0)) {
      geometry.faults.push(`<gml:${kind}> with ${n} positions (expected 3, or an odd number for ArcString)`);
      return;
    }
    const out: number[] = [];
    const last = kind === 'Circle' ? 1 : (n - 1) / 2;
    for (let a = 0; a < last; a++) {
      const i = a * 4;
      interpolateArc(
        points[i] as number,
        points[i + 1] as number,
        points[i + 2] as number,
        points[i + 3] as number,
        points[i + 4] as number,
        points[i + 5] as number,
        this.arcTolerance,
        out,
        a === 0,
        kind === 'Circle',
      );
    }
    for (let i = 0; i < out.length; i += 2) {
      const x = out[i] as number;
      const y = out[i + 1] as number;
      if (!this.repeatsLast(x, y)) geometry.coords.push(x, y);
    }
  }

  private closeRing(exterior: boolean): void {
    const geometry = this.geometry as GeometryState;
    geometry.partOpen = false;
    const start = geometry.partStarts[geometry.partStarts.length - 1] as number;
    let end = geometry.coords.length / 2;
    // drop the closing vertex
    if (
      end - start > 1 &&
      geometry.coords[start * 2] === geometry.coords[end * 2 - 2] &&
      geometry.coords[start * 2 + 1] === geometry.coords[end * 2 - 1]
    ) {
      geometry.coords.length -= 2;
      end--;
    }
    if (end - start >= 3 && !geometry.droppingPolygon) return;
    if (!geometry.droppingPolygon) {
      geometry.faults.push(
        `a ${exterior ? 'polygon exterior' : 'hole'} with fewer than 3 distinct positions dropped`,
      );
    }
    geometry.coords.length = start * 2;
    geometry.partStarts.pop();
    if (exterior) {
      // the polygon goes with its exterior; its holes are dropped as they come
      geometry.polygonStarts.pop();
      geometry.polygons--;
      geometry.droppingPolygon = true;
    }
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
    const { coords, partStarts, polygonStarts } = geometry;
    let type: XPlanGeometry['type'] | undefined;
    if (polygonStarts.length > 0) type = polygonStarts.length === 1 ? 'Polygon' : 'MultiPolygon';
    else if (geometry.lines > 0) type = geometry.lines === 1 ? 'LineString' : 'MultiLineString';
    else if (geometry.points > 0 && partStarts.length > 0)
      type = partStarts.length === 1 ? 'Point' : 'MultiPoint';
    if (type === undefined || coords.length === 0) {
      this.warn(
        `${feature.featureClass}: no usable geometry in <${frame.local}> of property "${geometry.property}"`,
        this.parser.line,
        feature.id,
      );
      return;
    }
    if (type.endsWith('Polygon') && (geometry.lines > 0 || geometry.points > 0)) {
      this.warn(
        `${feature.featureClass}: mixed geometry; only the polygons are kept`,
        this.parser.line,
        feature.id,
      );
    }
    feature.geometry = {
      type,
      coordinates: Float64Array.from(coords),
      partStarts: Uint32Array.from(partStarts),
      polygonStarts: type.endsWith('Polygon') ? Uint32Array.from(polygonStarts) : new Uint32Array(0),
    };
    feature.geometryProperty = geometry.property;
  }
}

/** Creates an incremental XPlanGML reader (feed text chunks of one document, then close). */
export function createSaxesXPlanReader(options: XPlanReadOptions = {}): XPlanReader {
  return new XPlanStreamReader(options);
}

/**
 * Reads a whole XPlanGML document from text or text chunks (already decoded, e.g. UTF-8). Features whose plan
 * could not be found while streaming get their plan when the document has exactly one. Throws `XPlanError`
 * (with file, line and column) for documents that are not well-formed XPlanGML.
 */
export function readXPlanWithSaxes(
  input: string | Iterable<string>,
  options: XPlanReadOptions = {},
): XPlanDocument {
  const reader = createSaxesXPlanReader(options);
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
