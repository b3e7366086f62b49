import { useEffect, useRef } from 'react';
import {
  Cartesian2,
  Cartesian3,
  Cartographic,
  Cesium3DTileFeature,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  SceneTransforms,
  defined,
} from 'cesium';
import type { Scene } from 'cesium';
import { ecefToPoint, pointToEcef } from '../../core/measure/measurement.ts';
import type { GeodeticPoint, MeasureKind, Measurement } from '../../core/measure/measurement.ts';
import { SNAP_DEFAULTS, snapPick } from '../../core/measure/snap.ts';
import type { SnapVertex } from '../../core/measure/snap.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import type { MeasureAction } from './session.ts';
import { contentNear, loadTileEdges, snapToTile } from './tile-snap.ts';

/** What a pick found, for the panel's notices. */
export type PickNotice = 'noSurface' | 'snappedVertex' | 'snappedEdge';

/** Pixels within which a pick on the last placed point counts as "the same point twice" and finishes. */
const SAME_POINT_PIXELS = 6;

/** The stored building height the height tool shows beside its result. */
const ATTRIBUTE_HEIGHT = 'measuredHeight';

interface PickerProps {
  tool: MeasureKind | undefined;
  snap: boolean;
  /** Points of the measurement in progress (the last one is "the same point" for finishing). */
  current: readonly GeodeticPoint[];
  /** Earlier measurements, whose points are snap targets too. */
  others: readonly Measurement[];
  dispatch: (action: MeasureAction) => void;
  onNotice: (notice: PickNotice | undefined) => void;
}

/**
 * Turns clicks, taps and Enter (at the crosshair in the middle of the map) into measure points while a tool is
 * active. Positions come from the depth buffer (`scene.pickPosition`: 3D tiles, imported tilesets, the ground).
 * With snapping on, a pick within a few pixels of an earlier point takes that point (core `snapPick`); else one
 * near a corner or edge of the tile geometry under it takes that corner or the nearest point of that edge, as the
 * tile stores it (`tile-snap.ts`: the tile's GLB read back, its outlines and creases; core `snapToEdges`); else
 * Cesium 1.145's experimental `Scene.snap` (edges that other tilesets declare with
 * `EXT_mesh_primitive_edge_visibility`). Picks are handled one after another: the first one on a tile waits for
 * its edges to be read.
 */
export function MeasurePicker({ tool, snap, current, others, dispatch, onNotice }: PickerProps) {
  const viewer = useViewer();
  // The handlers read the newest props without being re-created on every point.
  const live = useRef({ snap, current, others, dispatch, onNotice });
  useEffect(() => {
    live.current = { snap, current, others, dispatch, onNotice };
  }, [snap, current, others, dispatch, onNotice]);

  useEffect(() => {
    if (!tool) return;
    const scene = viewer.scene;
    const canvas = scene.canvas;
    let active = true;
    const pickAt = async (window: Cartesian2) => {
      const { snap: snapping, current: points, dispatch: send, onNotice: notice } = live.current;
      const last = points[points.length - 1];
      if (last && tool !== 'height') {
        const lastOnScreen = SceneTransforms.worldToWindowCoordinates(scene, cartesian(last));
        if (lastOnScreen && Cartesian2.distance(lastOnScreen, window) <= SAME_POINT_PIXELS) {
          send({ type: 'finish' });
          notice(undefined);
          return;
        }
      }
      const picked = await pickPoint(scene, window, snapping, [
        ...points,
        ...live.current.others.flatMap((m) => m.points),
      ]);
      if (!active) return;
      if (!picked) {
        notice('noSurface');
        return;
      }
      notice(picked.snapped);
      if (tool === 'height' && points.length === 0) {
        const feature: unknown = scene.pick(window);
        const isFeature = feature instanceof Cesium3DTileFeature;
        const stored: unknown = isFeature ? feature.getProperty(ATTRIBUTE_HEIGHT) : undefined;
        const below = Cartographic.fromDegrees(picked.point.longitude, picked.point.latitude);
        const sampled = scene.sampleHeightSupported
          ? scene.sampleHeight(below, isFeature ? [feature] : [])
          : undefined;
        const groundHeight =
          sampled !== undefined && sampled < picked.point.height
            ? sampled
            : (scene.globe.getHeight(below) ?? 0);
        send({
          type: 'height',
          top: picked.point,
          groundHeight,
          ...(typeof stored === 'number' && Number.isFinite(stored) && stored > -1e300
            ? { attributeHeight: stored }
            : {}),
        });
      } else {
        send({ type: 'point', point: picked.point });
      }
      scene.requestRender();
    };
    // One pick at a time, in order: a second click waits while the first one's tile edges are read.
    let queue = Promise.resolve();
    const enqueue = (window: Cartesian2) => {
      const at = Cartesian2.clone(window);
      queue = queue.then(() => pickAt(at)).catch(() => undefined);
    };
    const handler = new ScreenSpaceEventHandler(canvas);
    handler.setInputAction(
      (event: { position: Cartesian2 }) => enqueue(event.position),
      ScreenSpaceEventType.LEFT_CLICK,
    );
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      enqueue(new Cartesian2(canvas.clientWidth / 2, canvas.clientHeight / 2));
    };
    canvas.addEventListener('keydown', onKeyDown);
    return () => {
      active = false;
      canvas.removeEventListener('keydown', onKeyDown);
      handler.destroy();
    };
  }, [viewer, tool]);
  return null;
}

function cartesian(point: GeodeticPoint): Cartesian3 {
  const [x, y, z] = pointToEcef(point);
  return new Cartesian3(x, y, z);
}

/** The measure point under `window` (CSS pixels on the canvas), snapped when asked; undefined over the sky. */
async function pickPoint(
  scene: Scene,
  window: Cartesian2,
  snapping: boolean,
  earlier: readonly GeodeticPoint[],
): Promise<{ point: GeodeticPoint; snapped?: PickNotice } | undefined> {
  if (snapping) {
    const vertices: SnapVertex[] = [];
    for (const point of earlier) {
      const screen = SceneTransforms.worldToWindowCoordinates(scene, cartesian(point));
      if (screen) vertices.push({ screen: [screen.x, screen.y], position: pointToEcef(point) });
    }
    const vertex = snapPick([window.x, window.y], vertices, [], SNAP_DEFAULTS);
    if (vertex) return { point: ecefToPoint(vertex.position), snapped: 'snappedVertex' };
    const content = contentNear(scene, window, SNAP_DEFAULTS.vertexPixels);
    const tile = content && (await loadTileEdges(content));
    if (tile) {
      const surface = scene.pickPositionSupported ? scene.pickPosition(window) : undefined;
      const onTile = snapToTile(scene, window, tile, defined(surface) ? surface : undefined);
      if (onTile) {
        return {
          point: ecefToPoint(onTile.position),
          snapped: onTile.kind === 'vertex' ? 'snappedVertex' : 'snappedEdge',
        };
      }
    }
    const edge = scene.snap(window, { width: SNAP_DEFAULTS.edgePixels * 2 + 1 });
    if (edge?.isEdge) {
      return {
        point: ecefToPoint([edge.position.x, edge.position.y, edge.position.z]),
        snapped: 'snappedEdge',
      };
    }
  }
  if (!scene.pickPositionSupported) return undefined;
  const position = scene.pickPosition(window);
  if (!defined(position)) return undefined;
  return { point: ecefToPoint([position.x, position.y, position.z]) };
}
