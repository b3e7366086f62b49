/**
 * What the shadow study is asked: the areas a person can choose (each plan, loaded or configured, and a square
 * around the view centre) and the worker request for a choice (area ring, envelopes as the app draws them, the
 * city's ground, the tilesets). Node-testable: no Cesium, no React.
 */
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import type { ShadowStudyRequest, StudyEnvelope } from '../../../workers/shadow-api.ts';
import { groundHeightAt, withinCityGround } from '../layers/ground-height.ts';
import { envelopeLayerId } from '../layers/model.ts';
import type { CityLayersConfig, LayerConfig, LayerState } from '../layers/types.ts';

/** An area to study: a plan (by id; `loaded` once its data are in the model) or the view centre. */
export type StudyAreaChoice =
  | { kind: 'plan'; planId: string; name: string; loaded: boolean }
  | { kind: 'view' };

/** Side of the square around the view centre, metres. */
export const VIEW_SQUARE_METRES = 200;

/** Plans in the model first, then configured plans not yet loaded (their areas layer's label), then the view. */
export function studyAreaChoices(
  plans: Record<string, PlanLayerData>,
  layers: readonly LayerConfig[],
  language: 'de' | 'en',
): StudyAreaChoice[] {
  const choices: StudyAreaChoice[] = Object.values(plans).map((plan) => ({
    kind: 'plan',
    planId: plan.planId,
    name: plan.name,
    loaded: true,
  }));
  for (const layer of layers) {
    const { source } = layer;
    if (source.type !== 'xplan' || layer.id !== source.planId || plans[source.planId]) continue;
    choices.push({ kind: 'plan', planId: source.planId, name: layer.label[language], loaded: false });
  }
  choices.push({ kind: 'view' });
  return choices;
}

/**
 * The plan's envelopes layer to switch on for the "with plan" view, whose hours count the envelopes' shadows: its
 * layer config while the layer exists and is hidden; undefined when the plan has none or it is already shown.
 */
export function envelopesToShow(
  planId: string | undefined,
  layers: readonly LayerConfig[],
  states: Readonly<Record<string, LayerState>>,
): LayerConfig | undefined {
  if (planId === undefined) return undefined;
  const id = envelopeLayerId(planId);
  const layer = layers.find((candidate) => candidate.id === id);
  return layer && states[id]?.visible !== true ? layer : undefined;
}

/** The outer ring of a plan's area: its Geltungsbereich, else the bounding box of all its areas. Degrees. */
export function planStudyArea(plan: PlanLayerData): [number, number][] | undefined {
  const scope = plan.areas.find((area) => area.kind === 'Geltungsbereich')?.polygons[0]?.[0];
  if (scope && scope.length >= 3) return scope;
  const points = plan.areas.flatMap((area) => area.polygons.flatMap((polygon) => polygon[0] ?? []));
  if (points.length < 3) return undefined;
  const lons = points.map(([lon]) => lon);
  const lats = points.map(([, lat]) => lat);
  const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
  ];
}

/**
 * The plan's envelopes as `PlanLayer` draws them: from the plan's ground (`planGroundHeight`) to the permitted
 * height (relative: above that ground; absolute: NHN + the plan's undulation), ellipsoidal metres.
 */
export function planEnvelopes(plan: PlanLayerData, ground: CityLayersConfig['ground']): StudyEnvelope[] {
  const base = planBase(plan, ground);
  return plan.areas.flatMap((area) => {
    if (!area.envelope) return [];
    const top = area.envelope.relative
      ? base + area.envelope.maxHeight
      : area.envelope.maxHeight + plan.undulation;
    return area.polygons.flatMap((polygon) =>
      polygon[0] && polygon[0].length >= 3 ? [{ ring: polygon[0], base, top }] : [],
    );
  });
}

/** The plan's ground as `planGroundHeight` (PlanLayer.tsx) has it: the city's ground with the plan's own undulation. */
export function planBase(plan: PlanLayerData, ground: CityLayersConfig['ground']): number {
  return groundHeightAt(plan.centre, ground && { ...ground, undulation: plan.undulation });
}

/** A square of `side` metres around a point (degrees), as a ring of [lon, lat] degrees. */
export function squareAround(
  longitude: number,
  latitude: number,
  side = VIEW_SQUARE_METRES,
): [number, number][] {
  const half = side / 2;
  const dLon = half / (111_320 * Math.cos((latitude * Math.PI) / 180));
  const dLat = half / 110_574;
  return [
    [longitude - dLon, latitude - dLat],
    [longitude + dLon, latitude - dLat],
    [longitude + dLon, latitude + dLat],
    [longitude - dLon, latitude + dLat],
  ];
}

/**
 * The worker request for a plan's area (with its envelopes) or a square around a point (no envelopes). A square the
 * city's ground does not reach (an imported model elsewhere) takes its ground from the buildings' lowest vertex.
 */
export function studyRequest(
  target: { plan: PlanLayerData } | { centre: [number, number] },
  context: {
    date: ShadowStudyRequest['date'];
    ground: CityLayersConfig['ground'];
    tilesetUrls: string[];
  },
): ShadowStudyRequest | undefined {
  if ('plan' in target) {
    const area = planStudyArea(target.plan);
    if (!area) return undefined;
    return {
      area,
      date: context.date,
      groundHeight: planBase(target.plan, context.ground),
      tilesetUrls: context.tilesetUrls,
      envelopes: planEnvelopes(target.plan, context.ground),
    };
  }
  return {
    area: squareAround(...target.centre),
    date: context.date,
    groundHeight: groundHeightAt(target.centre, context.ground),
    groundFromBuildings: !withinCityGround(target.centre, context.ground),
    tilesetUrls: context.tilesetUrls,
    envelopes: [],
  };
}
