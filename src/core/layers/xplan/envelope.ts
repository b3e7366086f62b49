/**
 * Permitted building envelopes of a development plan (Bebauungsplan): the maximum height a building may have
 * on a BP_BaugebietsTeilFlaeche (or BP_UeberbaubareGrundstuecksFlaeche), from the plan's height statements or
 * from its number of storeys. Platform-free.
 */
import { geometryCentroid, geometryContains } from './geometry.ts';
import type { XPlanFeature, XPlanHeightStatement } from './types.ts';
import { getOwn } from '../../util/own.ts';

/** How the maximum height was found. */
export type EnvelopeRule =
  /** `hoehenangabe` (XP_Hoehenangabe) with hMax, h or hZwingend; the reference point is in `bezugspunkt`. */
  | 'hoehenangabe'
  /** A height attribute of the feature (4.x/5.x): GHmax, GH, FHmax, FH, OKmax, OK. */
  | 'height-attribute'
  /** Storeys (Zmax, Z or Zzwingend) × the storey height. */
  | 'storeys'
  /** As 'hoehenangabe'/'height-attribute'/'storeys', taken from the BP_BaugebietsTeilFlaeche containing the feature. */
  | 'inherited';

/** Options of the envelope computation. */
export interface EnvelopeOptions {
  /** Height of one storey, metres, for the 'storeys' rule. Default 3.5. */
  storeyHeight?: number;
}

/** Defaults of `EnvelopeOptions`. */
export const ENVELOPE_DEFAULTS: Required<EnvelopeOptions> = { storeyHeight: 3.5 };

/** The permitted envelope of one plan area. */
export interface PermittedEnvelope {
  /** Maximum height, metres: relative to the ground for 'relative', above sea level (NHN) for 'absolute'. */
  maxHeight: number;
  /** 'absolute' = heights above NHN/NN/DHHN (hoehenbezug 1000–1200), 'relative' = above a local reference (2000+), 'unknown' = not stated (storeys and plain attributes are taken as above ground). */
  heightReference: 'absolute' | 'relative' | 'unknown';
  rule: EnvelopeRule;
  /** What was used, for the attribute panel, e.g. 'hoehenangabe GBH hMax = 30 m', 'Z = 3 × 3.5 m'. */
  explanation: string;
  /** The rule of the source area when `rule` is 'inherited'. */
  inheritedRule?: Exclude<EnvelopeRule, 'inherited'>;
  /** gml:id of the area the height came from when inherited. */
  sourceId?: string;
}

/** XP_ArtHoehenbezugspunkt codes → abbreviations (for explanations). */
const BEZUGSPUNKT: Record<string, string> = {
  '1000': 'TH',
  '2000': 'FH',
  '3000': 'OK',
  '3500': 'LH',
  '4000': 'SH',
  '4500': 'EFH',
  '5000': 'HBA',
  '5500': 'UK',
  '6000': 'GBH',
  '6500': 'WH',
  '6600': 'GOK',
};

/** Reference points that bound the top of a building (eaves height TH is not the top, but used if nothing else). */
const TOP_POINTS = new Set(['2000', '3000', '5000', '6000']);
const LOWER_POINTS = new Set(['3500', '4000', '4500', '5500', '6600']);

function referenceOf(statement: XPlanHeightStatement): PermittedEnvelope['heightReference'] {
  const code = Number(statement.hoehenbezug);
  if (!Number.isFinite(code) || statement.hoehenbezug === undefined) return 'unknown';
  if (code >= 1000 && code < 2000) return 'absolute';
  if (code >= 2000) return 'relative';
  return 'unknown';
}

function fromHeights(heights: XPlanHeightStatement[]): PermittedEnvelope | undefined {
  let best: PermittedEnvelope | undefined;
  let bestRank = -1;
  for (const statement of heights) {
    const point = statement.bezugspunkt;
    if (point !== undefined && LOWER_POINTS.has(point)) continue;
    const value = statement.hMax ?? statement.hZwingend ?? statement.h;
    if (value === undefined || !Number.isFinite(value)) continue;
    const rank = point === undefined ? 1 : TOP_POINTS.has(point) ? 2 : 0;
    if (rank < bestRank || (rank === bestRank && best !== undefined && value <= best.maxHeight)) continue;
    const field =
      statement.hMax !== undefined ? 'hMax' : statement.hZwingend !== undefined ? 'hZwingend' : 'h';
    const label = point !== undefined ? (getOwn(BEZUGSPUNKT, point) ?? point) : 'ohne Bezugspunkt';
    best = {
      maxHeight: value,
      heightReference: referenceOf(statement),
      rule: 'hoehenangabe',
      explanation: `hoehenangabe ${label} ${field} = ${value} m`,
    };
    bestRank = rank;
  }
  return best;
}

const HEIGHT_ATTRIBUTES = ['GHmax', 'GH', 'FHmax', 'FH', 'OKmax', 'OK', 'THmax', 'TH'];
const STOREY_ATTRIBUTES = ['Zmax', 'Z', 'Zzwingend'];

function numberProperty(feature: XPlanFeature, key: string): number | undefined {
  const value = feature.properties[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The maximum permitted height of one plan area from its own statements, in this order: `hoehenangabe`
 * (highest top reference point: GBH, FH, OK, HBA; else one without reference point; else TH), height
 * attributes (GHmax, GH, FHmax, FH, OKmax, OK, THmax, TH), storeys (Zmax, Z, Zzwingend) × `storeyHeight`.
 * Undefined when the plan states none.
 */
export function permittedEnvelope(
  feature: XPlanFeature,
  options: EnvelopeOptions = {},
): PermittedEnvelope | undefined {
  const storeyHeight = options.storeyHeight ?? ENVELOPE_DEFAULTS.storeyHeight;
  const fromStatements = fromHeights(feature.heights);
  if (fromStatements) return fromStatements;
  for (const key of HEIGHT_ATTRIBUTES) {
    const value = numberProperty(feature, key);
    if (value !== undefined) {
      return {
        maxHeight: value,
        heightReference: 'unknown',
        rule: 'height-attribute',
        explanation: `${key} = ${value} m`,
      };
    }
  }
  for (const key of STOREY_ATTRIBUTES) {
    const storeys = numberProperty(feature, key);
    if (storeys !== undefined) {
      return {
        maxHeight: storeys * storeyHeight,
        heightReference: 'unknown',
        rule: 'storeys',
        explanation: `${key} = ${storeys} × ${storeyHeight} m`,
      };
    }
  }
  return undefined;
}

/**
 * Envelopes for every BP_BaugebietsTeilFlaeche and BP_UeberbaubareGrundstuecksFlaeche with a polygon, by
 * gml:id. A buildable area without its own statements inherits those of the BP_BaugebietsTeilFlaeche
 * containing its centroid (rule 'inherited'). Areas with no statement at all are left out.
 */
export function permittedEnvelopes(
  features: readonly XPlanFeature[],
  options: EnvelopeOptions = {},
): Map<string, PermittedEnvelope> {
  const result = new Map<string, PermittedEnvelope>();
  const zones = features.filter(
    (feature) =>
      feature.featureClass === 'BP_BaugebietsTeilFlaeche' &&
      (feature.geometry?.type === 'Polygon' || feature.geometry?.type === 'MultiPolygon'),
  );
  for (const zone of zones) {
    const envelope = permittedEnvelope(zone, options);
    if (envelope) result.set(zone.id, envelope);
  }
  for (const feature of features) {
    if (feature.featureClass !== 'BP_UeberbaubareGrundstuecksFlaeche' || !feature.geometry) continue;
    if (feature.geometry.type !== 'Polygon' && feature.geometry.type !== 'MultiPolygon') continue;
    const own = permittedEnvelope(feature, options);
    if (own) {
      result.set(feature.id, own);
      continue;
    }
    const [x, y] = geometryCentroid(feature.geometry);
    for (const zone of zones) {
      const envelope = result.get(zone.id);
      if (!envelope || !zone.geometry || !geometryContains(zone.geometry, x, y)) continue;
      const inherited: PermittedEnvelope = {
        ...envelope,
        rule: 'inherited',
        sourceId: zone.id,
        explanation: `${envelope.explanation} (from ${zone.id})`,
      };
      if (envelope.rule !== 'inherited') inherited.inheritedRule = envelope.rule;
      result.set(feature.id, inherited);
      break;
    }
  }
  return result;
}
