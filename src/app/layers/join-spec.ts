/**
 * The worker's join spec for a building colouring chosen in the UI: from the layer model's configs, loaded
 * layer features (lon/lat degrees) and imported plans. Plain data (no Cesium), tested in Node.
 */
import { NO_DATA, joinPolygonFromRings } from '../../core/layers/building-joins.ts';
import type { BuildingJoinSpec, JoinPolygon } from '../../core/layers/building-joins.ts';
import { de, en } from '../i18n/messages.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { CATEGORICAL_ATTRIBUTES, isBuildingAttribute } from './building-style.ts';
import type { BuildingColourProperty } from './building-style.ts';
import type { LayerFeature } from './features.ts';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import type { LayerConfig } from './types.ts';

type Language = 'de' | 'en';

/** A UI text of `messages.ts` with `{{name}}` placeholders filled (as text). */
export function joinText(language: Language, key: MessageKey, values: Record<string, string> = {}): string {
  const template: string = (language === 'de' ? de : en)[key];
  return template.replace(/\{\{(\w+)\}\}/g, (match, name: string) => values[name] ?? match);
}

/** Colours of the "inside a plan" classes: in a building area, in the boundary only, outside. */
export const PLAN_JOIN_COLOURS = ['#d55e00', '#e69f00', '#56b4e9'] as const;

/** Feature classes counted as building areas, and (by pattern) as plan boundaries. */
const BUILDING_AREA_CLASSES = new Set(['BP_BaugebietsTeilFlaeche', 'FP_BebauungsFlaeche']);
const BOUNDARY_CLASS = /Geltungsbereich|_Plan$|_Bereich$/;

/** What a chosen colouring needs before its spec can be built: the layer whose features must be loaded. */
export function joinLayerId(property: BuildingColourProperty): string | undefined {
  const match = /^(class|distance):(.+)$/.exec(property);
  return match?.[2];
}

/**
 * The join spec of a colouring. `features` are the layer's loaded features (for `class:` and `distance:`),
 * `plans` the imported plans (for `plans`). Throws `join-spec: …` when the layer is unknown or unsuitable.
 */
export function buildJoinSpec(
  property: BuildingColourProperty,
  layers: readonly LayerConfig[],
  features: readonly LayerFeature[] | undefined,
  plans: readonly PlanLayerData[],
  language: Language,
): BuildingJoinSpec {
  if (isBuildingAttribute(property)) {
    return {
      kind: 'attribute',
      classify: CATEGORICAL_ATTRIBUTES.has(property) ? 'categorical' : 'quantile',
      classes: CATEGORICAL_ATTRIBUTES.has(property) ? 8 : 5,
    };
  }
  if (property === 'plans') {
    const areas: JoinPolygon[] = [];
    const boundaries: JoinPolygon[] = [];
    for (const plan of plans) {
      for (const area of plan.areas) {
        const target = BUILDING_AREA_CLASSES.has(area.featureClass)
          ? areas
          : BOUNDARY_CLASS.test(area.featureClass)
            ? boundaries
            : undefined;
        for (const polygon of target ? area.polygons : []) target?.push(joinPolygonFromRings(polygon));
      }
    }
    return {
      kind: 'inside',
      areas,
      boundaries,
      labels: [
        joinText(language, 'joinInArea'),
        joinText(language, 'joinInBoundary'),
        joinText(language, 'joinOutside'),
      ],
      colours: PLAN_JOIN_COLOURS,
    };
  }
  const layerId = joinLayerId(property);
  const layer = layers.find((l) => l.id === layerId);
  if (!layer?.style) throw new Error(`join-spec: no styled layer "${layerId ?? property}"`);
  const list = features ?? [];
  if (property.startsWith('distance:')) {
    const points = list.filter((f) => f.kind === 'point');
    const targets = new Float64Array(points.length * 2);
    points.forEach((f, i) => {
      const [lon, lat] = f.coordinates[0]?.[0] ?? [NaN, NaN];
      targets[i * 2] = lon;
      targets[i * 2 + 1] = lat;
    });
    return { kind: 'distance', targets };
  }
  const { property: classProperty, classes } = layer.style;
  if (!classProperty || !classes?.length) {
    throw new Error(`join-spec: layer "${layer.id}" has no classes to colour buildings by`);
  }
  const polygons = list.filter((f) => f.kind === 'polygon');
  const classOfPolygon = polygons.map((f) => {
    const k = classes.findIndex((c) => c.value === f.properties[classProperty]);
    return k >= 0 ? k : NO_DATA;
  });
  return {
    kind: 'polygon-class',
    polygons: polygons.map((f) => joinPolygonFromRings(f.coordinates)),
    classOfPolygon,
    labels: classes.map((c) => c.label[language]),
    colours: classes.map((c) => c.color),
  };
}
