import { useEffect, useMemo } from 'react';
import { Cartesian3, Color, CustomDataSource, Entity } from 'cesium';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import { drapedLine, drapedPolygon, polygonHierarchy, showDataSource } from './draw-features.ts';
import type { LayerFeature } from './features.ts';
import { ENVELOPE_COLOUR, envelopeLayerId } from './model.ts';
import { registerLayerEntity } from './picking.ts';
import { useConfiguredPlan } from './use-configured-plan.ts';
import type { LayerDrawProps } from './registry.ts';
import type { CityLayersConfig } from './types.ts';
import { envelopeGround } from '../terrain/ground.ts';
import { useTerrainHeights } from '../terrain/use-terrain-heights.ts';

/** Ellipsoidal height (metres) of the ground under a plan: the city's ground nearby, else the bare globe. */
export function planGroundHeight(plan: PlanLayerData, ground: CityLayersConfig['ground']): number {
  if (!ground) return 0;
  const [lon, lat] = plan.centre;
  const dx = (lon - ground.longitude) * 111_320 * Math.cos((lat * Math.PI) / 180);
  const dy = (lat - ground.latitude) * 110_574;
  return Math.hypot(dx, dy) <= ground.radiusMetres ? ground.heightNhn + plan.undulation : 0;
}

/**
 * A plan (source type 'xplan', imported or configured with a `url`, which the areas layer loads when first shown):
 * areas draped on the ground (tiles and globe) in PlanZV colours, the
 * Geltungsbereich as an outline; or, for the plan's envelopes layer, the permitted envelopes extruded as
 * translucent volumes: relative heights above the ground (`planGroundHeight`), absolute ones above NHN (+ EGM96
 * undulation). Where the globe has a terrain, each envelope stands on it instead: from the lowest terrain height
 * along its outline, relative heights counted from the mean (`envelopeGround`). Draws nothing until the plan's
 * data are in the model.
 */
export function PlanLayer({ layer, state, model }: LayerDrawProps) {
  const viewer = useViewer();
  useConfiguredPlan(layer, model);
  const planId = layer.source.type === 'xplan' ? layer.source.planId : undefined;
  const plan = planId !== undefined ? model.plans[planId] : undefined;
  const envelopes = planId !== undefined && layer.id === envelopeLayerId(planId);
  const ground = model.config.ground;
  // The outlines' vertices of the envelopes, for the terrain's heights under them (nothing sampled otherwise).
  const outlines = useMemo(
    () =>
      envelopes && state.visible && plan
        ? plan.areas.flatMap((area) =>
            area.envelope ? area.polygons.map((polygon) => polygon[0] ?? []) : [],
          )
        : undefined,
    [envelopes, state.visible, plan],
  );
  const outlinePoints = useMemo(() => outlines?.flat(), [outlines]);
  const terrainHeights = useTerrainHeights(outlinePoints);
  useEffect(() => {
    if (!state.visible || !plan) return;
    let outlineIndex = 0;
    let pointIndex = 0;
    const dataSource = new CustomDataSource(layer.id);
    const alpha = Math.max(0, Math.min(1, state.opacity));
    const base = planGroundHeight(plan, ground);
    for (const area of plan.areas) {
      const feature: LayerFeature = {
        layerId: layer.id,
        id: area.id,
        kind: 'polygon',
        coordinates: area.polygons[0] ?? [],
        properties:
          envelopes && area.envelope
            ? {
                ...area.properties,
                'zulässige Höhe': `${area.envelope.maxHeight} m (${area.envelope.explanation})`,
              }
            : area.properties,
        links: area.links,
      };
      for (const polygon of area.polygons) {
        // This polygon's outline heights on the terrain (outlines are listed in the same order, skipped ones too).
        let onTerrain: ReturnType<typeof envelopeGround>;
        if (envelopes && area.envelope) {
          const count = outlines?.[outlineIndex]?.length ?? 0;
          onTerrain = terrainHeights && envelopeGround(terrainHeights.slice(pointIndex, pointIndex + count));
          outlineIndex += 1;
          pointIndex += count;
        }
        const [outer, ...holes] = polygon.map((r) => r.map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat)));
        if (!outer || outer.length < 3) continue;
        const hierarchy = polygonHierarchy(outer, holes);
        let entity: Entity | undefined;
        if (envelopes) {
          if (!area.envelope) continue;
          const floor = onTerrain?.floor ?? base;
          const top = area.envelope.relative
            ? (onTerrain?.reference ?? base) + area.envelope.maxHeight
            : area.envelope.maxHeight + plan.undulation;
          entity = new Entity({
            polygon: {
              hierarchy,
              height: floor,
              extrudedHeight: top,
              material: Color.fromCssColorString(ENVELOPE_COLOUR).withAlpha(alpha),
              outline: false,
            },
          });
        } else if (area.kind === 'Geltungsbereich') {
          entity = drapedLine([...outer, outer[0] as Cartesian3], 3, Color.BLACK.withAlpha(alpha));
        } else {
          entity = drapedPolygon(hierarchy, Color.fromCssColorString(area.color).withAlpha(alpha));
        }
        dataSource.entities.add(entity);
        registerLayerEntity(entity, feature, layer);
      }
    }
    return showDataSource(viewer, dataSource);
  }, [viewer, layer, plan, envelopes, ground, state.visible, state.opacity, outlines, terrainHeights]);
  return null;
}
