/**
 * What the XPlanGML reader (`reader.ts`) knows of the XPlanGML and GML vocabularies: namespaces and
 * versions, the properties read as numbers, and the plan summary taken from a plan feature's properties.
 */
import type { XPlanFeature, XPlanPlanInfo, XPlanVersion } from './types.ts';

const XPLAN_NAMESPACE = /^http:\/\/www\.xplanung\.de\/xplangml\/(\d+)\/(\d+)\/?$/;
/** GML 3.1 and 3.2 namespaces. */
export const GML_NAMESPACE = /^http:\/\/www\.opengis\.net\/gml(?:\/3\.2)?\/?$/;
export const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';

/** Properties read as numbers (measures); anything with a `uom` attribute is read as a number too. */
export const NUMERIC_PROPERTIES = new Set([
  'GRZ', 'GRZmin', 'GRZmax', 'GRZ_Ausn', 'GFZ', 'GFZmin', 'GFZmax', 'GFZ_Ausn', 'GF', 'GFmin', 'GFmax',
  'GF_Ausn', 'GR', 'GRmin', 'GRmax', 'GR_Ausn', 'BM', 'BMmin', 'BMmax', 'BMZ', 'BMZ_Ausn', 'Z', 'Zmin', 'Zmax',
  'Zzwingend', 'Z_Ausn', 'ZU', 'ZUmin', 'ZUmax', 'ZUzwingend', 'ZU_Ausn', 'Z_Staffel', 'Z_Dach', 'ZU_Dach',
  'h', 'hMin', 'hMax', 'hZwingend', 'GH', 'GHmin', 'GHmax', 'FH', 'FHmin', 'FHmax', 'TH', 'THmin', 'THmax',
  'OK', 'OKmin', 'OKmax', 'WH', 'WHmin', 'WHmax', 'Fmin', 'Fmax', 'Bmin', 'Bmax', 'Tmin', 'Tmax',
  'MaxZahlWohnungen', 'MinGRWohneinheit', 'erstellungsMassstab', 'drehwinkel', 'skalierung', 'DNmin', 'DNmax',
  'DN', 'DNZwingend',
]); // prettier-ignore

/** A decimal number as XML Schema writes it (no hex, no NaN or INF): what numeric properties must hold. */
export const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The XPlanGML version of a namespace URI ('unknown' for anything but 4.0 to 6.1). */
export function versionOf(namespace: string): XPlanVersion | 'unknown' {
  const match = XPLAN_NAMESPACE.exec(namespace);
  if (!match) return 'unknown';
  const version = `${match[1]}.${match[2]}`;
  const known: readonly string[] = ['4.0', '4.1', '5.0', '5.1', '5.2', '5.3', '5.4', '6.0', '6.1'];
  return known.includes(version) ? (version as XPlanVersion) : 'unknown';
}

/** Whether a document reference's URL is an http(s) link (else a file name inside the archive). */
export function isWebLink(url: string | undefined): boolean {
  return url !== undefined && /^https?:\/\/[^\s/]+/i.test(url.trim());
}

/** The summary of a plan feature (…_Plan): id, documents and the identifying properties it has. */
export function planInfo(feature: XPlanFeature): XPlanPlanInfo {
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

/**
 * Sets `feature.planId` from the plan/Bereich links read so far (`bereichToPlan`: Bereich id → plan id,
 * filled here) and adds plan features to `plans`. Features before their plan get it later, in `readXPlan`,
 * when the document has exactly one.
 */
export function assignPlan(
  feature: XPlanFeature,
  plans: XPlanPlanInfo[],
  bereichToPlan: Map<string, string>,
): void {
  if (/_Plan$/.test(feature.featureClass)) {
    for (const href of feature.references['bereich'] ?? [])
      bereichToPlan.set(href.replace(/^#/, ''), feature.id);
    feature.planId = feature.id;
    plans.push(planInfo(feature));
  } else if (/_Bereich$/.test(feature.featureClass)) {
    const plan = feature.references['gehoertZuPlan']?.[0];
    if (plan !== undefined) bereichToPlan.set(feature.id, plan.replace(/^#/, ''));
    const planId = bereichToPlan.get(feature.id);
    if (planId !== undefined) feature.planId = planId;
  } else {
    const bereich = feature.references['gehoertZuBereich']?.[0];
    const planId = bereich !== undefined ? bereichToPlan.get(bereich.replace(/^#/, '')) : undefined;
    if (planId !== undefined) feature.planId = planId;
    else if (plans.length === 1) feature.planId = (plans[0] as XPlanPlanInfo).id;
  }
}

/** A qualified name split: prefix ('' if none), local name, and the namespace URI bound to the prefix. */
export interface SplitName {
  prefix: string;
  local: string;
  uri: string | undefined;
}

/** The namespace scope of an element's parent, kept by `NamespaceScope.declare` for `restore`. */
export interface SavedScope {
  uris: Map<string, string>;
  names: Map<string, SplitName>;
}

/**
 * Namespace prefixes in scope while streaming: `declare` on each start tag that has xmlns attributes
 * (returns the scope to restore when that element closes), `split` element and attribute names. Split
 * names are cached per scope (a document uses few distinct names; a new scope starts an empty cache).
 */
export class NamespaceScope {
  private uris = new Map<string, string>([['xml', 'http://www.w3.org/XML/1998/namespace']]);
  private names = new Map<string, SplitName>();

  /** Prefix, local name and namespace URI (undefined: prefix not declared) of a qualified name; do not modify. */
  split(qname: string): SplitName {
    let name = this.names.get(qname);
    if (name !== undefined) return name;
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    name = { prefix, local, uri: this.uris.get(prefix) };
    this.names.set(qname, name);
    return name;
  }

  /** Takes the xmlns declarations of a start tag; returns the previous scope if there were any. */
  declare(attributes: Record<string, string>): SavedScope | undefined {
    let saved: SavedScope | undefined;
    for (const key in attributes) {
      if (!key.startsWith('xmlns')) continue;
      if (key.length > 5 && key.charCodeAt(5) !== 58) continue;
      if (saved === undefined) {
        saved = { uris: this.uris, names: this.names };
        this.uris = new Map(this.uris);
        this.names = new Map();
      }
      this.uris.set(key.length > 5 ? key.slice(6) : '', attributes[key] as string);
    }
    return saved;
  }

  /** Goes back to a scope returned by `declare` (when its element closes). */
  restore(saved: SavedScope): void {
    this.uris = saved.uris;
    this.names = saved.names;
  }

  /** The value of attribute `local` without prefix or in a matching namespace. */
  attribute(
    attributes: Record<string, string>,
    local: string,
    namespace: RegExp | string,
  ): string | undefined {
    for (const key in attributes) {
      const { prefix, local: name, uri } = this.split(key);
      if (name !== local) continue;
      if (prefix === '') return attributes[key];
      if (uri !== undefined && (typeof namespace === 'string' ? uri === namespace : namespace.test(uri))) {
        return attributes[key];
      }
    }
    return undefined;
  }
}
