import { useEffect, useRef } from 'react';
import {
  Cartesian2,
  Cartesian3,
  Cartographic,
  Cesium3DTileset,
  ClippingPlane,
  ClippingPlaneCollection,
  ClippingPolygon,
  ClippingPolygonCollection,
  Color,
  Entity,
  Math as CesiumMath,
  Matrix4,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  Transforms,
  defined,
} from 'cesium';
import type { Cesium3DTile, Scene, CesiumWidget } from 'cesium';
import { buildingsInside } from '../../core/cut/clip-area.ts';
import { sectionPlane } from '../../core/cut/section-plane.ts';
import { TODAY_TILESETS } from '../compare/today-tilesets.ts';
import { layerFeatureOfEntity } from '../layers/picking.ts';
import type { Language } from '../i18n/index.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import { CUT_CENTRE_POINT } from './use-cut.ts';
import type { CutSession } from './use-cut.ts';

/** Colour of the section edges and the area being drawn. */
const CUT_COLOUR = Color.fromCssColorString('#d4002a');

/**
 * Applies the cut tool to the scene: the section plane (a `ClippingPlaneCollection` per building tileset, placed in
 * the ENU frame at the anchor), the hidden area (a `ClippingPolygonCollection`, `inverse` false, per tileset), the
 * map clicks of the pick and draw modes, and the outline of an area being drawn. Building tilesets are the city's
 * and imported ones, also those added later; the compare divider's "today" copies stay whole.
 */
export function CutScene({ session, language }: { session: CutSession; language: Language }) {
  const viewer = useViewer();
  const { planeOn, anchor, setAnchor, setPlaneOn, setNotice, plane, area, setHiddenCount, mode, drawing } =
    session;
  const live = useRef({ ...session, language });
  useEffect(() => {
    live.current = { ...session, language };
  });

  // Turning the plane on anchors it at the ground in the middle of the map.
  useEffect(() => {
    if (!planeOn || anchor) return;
    const centre = new Cartesian2(viewer.scene.canvas.clientWidth / 2, viewer.scene.canvas.clientHeight / 2);
    const found = groundAt(viewer.scene, centre);
    if (!found) {
      setPlaneOn(false);
      setNotice('noAnchor');
      return;
    }
    setAnchor(found);
  }, [viewer, planeOn, anchor, setAnchor, setPlaneOn, setNotice]);

  useEffect(() => {
    if (!planeOn || !anchor) return;
    const enu = Transforms.eastNorthUpToFixedFrame(Cartesian3.fromDegrees(anchor[0], anchor[1], anchor[2]));
    const { normal, distance } = sectionPlane(plane);
    return forEachBuildingTileset(viewer, (tileset) => {
      const planes = ownCollection(tileset, 'clippingPlanes', PLANES, () => {
        const created = new ClippingPlaneCollection({
          planes: [new ClippingPlane(Cartesian3.UNIT_Y, 0)],
          edgeColor: CUT_COLOUR,
          edgeWidth: 2,
        });
        return created;
      });
      const origin = (tileset as unknown as { clippingPlanesOriginMatrix: Matrix4 })
        .clippingPlanesOriginMatrix;
      planes.modelMatrix = Matrix4.multiply(Matrix4.inverse(origin, new Matrix4()), enu, new Matrix4());
      const first = planes.get(0);
      first.normal = new Cartesian3(...normal);
      first.distance = distance;
      planes.enabled = true;
      return () => {
        if (!tileset.isDestroyed()) planes.enabled = false;
      };
    });
  }, [viewer, planeOn, anchor, plane]);

  useEffect(() => {
    if (!area) return;
    // Polygon clipping needs floating-point textures; without them the area is refused with a note, the rest works.
    if (!ClippingPolygonCollection.isSupported(viewer.scene)) {
      setNotice('noPolygonClipping');
      return;
    }
    const positions = area.ring.map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat));
    let counting = 0;
    const count = () => {
      window.clearTimeout(counting);
      // After a burst of tile loads, not per tile.
      counting = window.setTimeout(() => setHiddenCount(countInside(viewer, area.ring)), 200);
    };
    const stop = forEachBuildingTileset(viewer, (tileset) => {
      const polygons = ownCollection(
        tileset,
        'clippingPolygons',
        POLYGONS,
        () => new ClippingPolygonCollection({ inverse: false }),
      );
      polygons.removeAll();
      polygons.add(new ClippingPolygon({ positions }));
      polygons.enabled = true;
      const removeLoaded = tileset.allTilesLoaded.addEventListener(count);
      return () => {
        removeLoaded();
        if (!tileset.isDestroyed()) polygons.enabled = false;
      };
    });
    count();
    return () => {
      window.clearTimeout(counting);
      stop();
    };
  }, [viewer, area, setHiddenCount, setNotice]);

  useEffect(() => {
    if (!mode) return;
    const scene = viewer.scene;
    const handler = new ScreenSpaceEventHandler(scene.canvas);
    handler.setInputAction((event: { position: Cartesian2 }) => {
      const { hideArea, addPoint, setNotice: notice } = live.current;
      if (mode === 'pick') {
        const hit = scene
          .drillPick(event.position, 8)
          .map((picked: { id?: unknown }) => layerFeatureOfEntity(picked.id))
          .find((found) => found?.layer.source.type === 'xplan' && found.feature.kind === 'polygon');
        if (!hit) {
          notice('notPlanArea');
          return;
        }
        hideArea(hit.feature.coordinates[0] ?? [], hit.layer.label[live.current.language]);
      } else {
        const ground = groundAt(scene, event.position);
        if (!ground) {
          notice('noSurface');
          return;
        }
        notice(undefined);
        addPoint([ground[0], ground[1]]);
      }
      scene.requestRender();
    }, ScreenSpaceEventType.LEFT_CLICK);
    // "Point at the map centre" (keyboard and touch without aiming): the ground under the crosshair.
    const onCentre = () => {
      const centre = new Cartesian2(scene.canvas.clientWidth / 2, scene.canvas.clientHeight / 2);
      const ground = groundAt(scene, centre);
      if (ground) live.current.addPoint([ground[0], ground[1]]);
      else live.current.setNotice('noSurface');
    };
    if (mode === 'draw') document.addEventListener(CUT_CENTRE_POINT, onCentre);
    return () => {
      document.removeEventListener(CUT_CENTRE_POINT, onCentre);
      handler.destroy();
    };
  }, [viewer, mode]);

  useEffect(() => {
    if (drawing.length === 0) return;
    const positions = drawing.map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat));
    const entity = viewer.entities.add(
      new Entity({
        polyline: {
          positions: drawing.length > 2 ? [...positions, positions[0] as Cartesian3] : positions,
          width: 3,
          material: CUT_COLOUR,
          clampToGround: true,
        },
      }),
    );
    viewer.scene.requestRender();
    return () => {
      if (!viewer.isDestroyed()) {
        viewer.entities.remove(entity);
        viewer.scene.requestRender();
      }
    };
  }, [viewer, drawing]);

  return null;
}

/** The ground (tiles or globe) under a window position: lon, lat degrees and ellipsoidal metres. */
export function groundAt(scene: Scene, position: Cartesian2): [number, number, number] | undefined {
  let cartesian = scene.pickPositionSupported ? scene.pickPosition(position) : undefined;
  if (!defined(cartesian)) {
    const ray = scene.camera.getPickRay(position);
    cartesian = ray ? scene.globe.pick(ray, scene) : undefined;
  }
  if (!defined(cartesian)) return undefined;
  const c = Cartographic.fromCartesian(cartesian);
  if (!c) return undefined;
  return [CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude), c.height];
}

/** The cut tool's own clipping collections per tileset: made once, then switched and changed in place. */
const PLANES = new WeakMap<Cesium3DTileset, ClippingPlaneCollection>();
const POLYGONS = new WeakMap<Cesium3DTileset, ClippingPolygonCollection>();

/**
 * The tileset's clipping collection made by the cut tool, assigned on first use. Replacing or removing an assigned
 * collection while tiles render stopped Cesium 1.145's rendering (the tiles' models keep the old one), so a
 * collection stays for the tileset's life and is switched with `enabled` instead.
 */
function ownCollection<K extends 'clippingPlanes' | 'clippingPolygons'>(
  tileset: Cesium3DTileset,
  key: K,
  owned: WeakMap<Cesium3DTileset, Cesium3DTileset[K]>,
  create: () => Cesium3DTileset[K],
): Cesium3DTileset[K] {
  let collection = owned.get(tileset);
  if (!collection) {
    collection = create();
    owned.set(tileset, collection);
    tileset[key] = collection;
  }
  return collection;
}

/**
 * Runs `apply` on every building tileset in the scene now and on each added later (not the compare divider's
 * copies); returns a cleanup running every returned undo.
 */
function forEachBuildingTileset(
  viewer: CesiumWidget,
  apply: (tileset: Cesium3DTileset) => () => void,
): () => void {
  const undos: (() => void)[] = [];
  const take = (primitive: unknown) => {
    if (primitive instanceof Cesium3DTileset && !TODAY_TILESETS.has(primitive)) undos.push(apply(primitive));
  };
  const primitives = viewer.scene.primitives;
  for (let i = 0; i < primitives.length; i++) take(primitives.get(i));
  const removeAdded = primitives.primitiveAdded.addEventListener(take);
  viewer.scene.requestRender();
  return () => {
    removeAdded();
    for (const undo of undos) undo();
    if (!viewer.isDestroyed()) viewer.scene.requestRender();
  };
}

/** Distinct buildings (by gml_id, else per tile feature) whose centroid lies in the ring, over the loaded tiles. */
function countInside(viewer: CesiumWidget, ring: [number, number][]): number {
  if (viewer.isDestroyed()) return 0;
  const ids: string[] = [];
  const centroids: number[] = [];
  const visit = (tile: Cesium3DTile) => {
    const content = tile.content as
      | { featuresLength?: number; getFeature?: Cesium3DTile['content']['getFeature'] }
      | undefined;
    const length = content?.featuresLength ?? 0;
    for (let i = 0; i < length && content?.getFeature; i++) {
      const feature = content.getFeature(i);
      const lon: unknown = feature.getProperty('longitude');
      const lat: unknown = feature.getProperty('latitude');
      if (typeof lon !== 'number' || typeof lat !== 'number') continue;
      const id: unknown = feature.getProperty('gml_id');
      ids.push(typeof id === 'string' ? id : `${centroids.length}`);
      centroids.push(lon, lat);
    }
    for (const child of tile.children) visit(child);
  };
  const primitives = viewer.scene.primitives;
  for (let i = 0; i < primitives.length; i++) {
    const primitive: unknown = primitives.get(i);
    if (primitive instanceof Cesium3DTileset && !TODAY_TILESETS.has(primitive) && !primitive.isDestroyed())
      visit(primitive.root);
  }
  return new Set(buildingsInside(ring, centroids).map((index) => ids[index])).size;
}
