import { useEffect, useRef } from 'react';
import {
  BoundingSphere,
  CallbackProperty,
  Cartesian2,
  Cartesian3,
  Color,
  ColorMaterialProperty,
  CustomDataSource,
  defined,
} from 'cesium';
import type { Scene } from 'cesium';
import { ecefToPoint, pointToEcef } from '../../core/measure/measurement.ts';
import { SKETCH_COLOURS, SKETCH_WIDTHS } from '../../core/sketch/model.ts';
import type { GeodeticPoint, SketchColour, SketchWidth } from '../../core/sketch/model.ts';
import { pointerRole } from '../../core/sketch/pointer.ts';
import { simplifyStroke } from '../../core/sketch/simplify.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import { sketchIndexOf } from './SketchEntities.tsx';
import type { SketchTool } from './texts.ts';

/** A pointer that moved less than this (CSS pixels) between down and up is a click or a tap. */
const CLICK_PIXELS = 8;
/** Freehand points closer than this on screen (CSS pixels) are not picked again. */
const STROKE_STEP_PIXELS = 3;
/** Freehand simplification: metres per CSS pixel at the stroke's start times this share is the tolerance. */
const SIMPLIFY_PIXELS = 1;

interface DrawingProps {
  tool: SketchTool | undefined;
  colour: SketchColour;
  width: SketchWidth;
  fingerDraws: boolean;
  /** Points of the line, arrow or polygon being placed. */
  draft: readonly GeodeticPoint[];
  onPoint: (point: GeodeticPoint) => void;
  onStroke: (points: GeodeticPoint[]) => void;
  onErase: (index: number) => void;
  onNotice: (key: 'noSurface' | 'nothingThere') => void;
  /**
   * Whether a pen that touches the map while no tool is chosen takes the pen tool and draws (the sketch panel is
   * open): at a whiteboard the pen in hand says what is meant. A finger and a mouse still move the map.
   */
  penTakesPen: boolean;
  /** Chooses the pen tool (`penTakesPen`). */
  onTakePen: () => void;
}

/** A stroke or click in progress, by pointer id. */
interface Gesture {
  pointerId: number;
  /** The tool when the gesture began: a pen that takes the pen tool draws before the tool reaches the props. */
  tool: SketchTool;
  role: 'draw' | 'ignore' | 'navigate';
  start: Cartesian2;
  last: Cartesian2;
  moved: boolean;
  points: GeodeticPoint[];
}

/**
 * Turns pointer input into sketches while a tool is on (or, with `penTakesPen`, once a pen touches the map: it
 * takes the pen tool). With the pen tool a pen and a mouse draw (their events never reach Cesium's camera
 * controller, so the map holds still under the stroke) while a finger keeps navigating; a palm (wide touch
 * contact) does nothing at all (core `pointerRole`). The other tools take clicks and taps of any pointer and leave
 * drags to the map. Enter at the crosshair in the map's centre places a point like a click. Positions come from
 * the depth buffer (3D tiles, terrain), else the globe or the ellipsoid. The stroke or draft in progress is drawn
 * undraped, over everything, until it is finished.
 */
export function SketchDrawing(props: DrawingProps) {
  const viewer = useViewer();
  const live = useRef(props);
  useEffect(() => {
    live.current = props;
  });
  const stroke = useRef<GeodeticPoint[]>([]);
  const { tool, draft } = props;
  // The listeners stay through a change of tool (a pen's first stroke chooses one), so a stroke is never cut off.
  const listening = tool !== undefined || props.penTakesPen;

  // The stroke or draft in progress: an undraped line drawn over buildings (a ground line re-built per move is slow).
  useEffect(() => {
    if (!tool || tool === 'eraser') return;
    const source = new CustomDataSource('sketch-draft');
    const positions = new CallbackProperty(() => {
      const points = stroke.current.length > 0 ? stroke.current : live.current.draft;
      const all = points.map((p) => cartesian(p));
      if (live.current.tool === 'polygon' && all.length > 2) all.push(all[0]!);
      return all;
    }, false);
    source.entities.add({
      polyline: {
        positions,
        width: new CallbackProperty(() => SKETCH_WIDTHS[live.current.width], false),
        material: new ColorMaterialProperty(new CallbackProperty(() => colourOf(live.current.colour), false)),
        depthFailMaterial: new ColorMaterialProperty(
          new CallbackProperty(() => colourOf(live.current.colour).withAlpha(0.6), false),
        ),
      },
    });
    let removed = false;
    void viewer.dataSources.add(source).then(() => {
      if (removed) viewer.dataSources.remove(source, true);
    });
    return () => {
      removed = true;
      if (viewer.dataSources.contains(source)) viewer.dataSources.remove(source, true);
      viewer.scene.requestRender();
    };
  }, [viewer, tool]);

  useEffect(() => {
    viewer.scene.requestRender();
  }, [viewer, draft]);

  useEffect(() => {
    if (!listening) return;
    const scene = viewer.scene;
    const canvas = scene.canvas;
    // Listening on the canvas's parent in the capture phase runs before Cesium's own handlers on the canvas.
    const host = canvas.parentElement ?? canvas;
    const gestures = new Map<number, Gesture>();
    const at = (event: { clientX: number; clientY: number }) => {
      const rect = canvas.getBoundingClientRect();
      return new Cartesian2(event.clientX - rect.left, event.clientY - rect.top);
    };
    const click = (position: Cartesian2, tool: SketchTool) => {
      const current = live.current;
      if (tool === 'eraser') {
        const index = sketchIndexOf(scene.pick(position));
        if (index === undefined) current.onNotice('nothingThere');
        else current.onErase(index);
        return;
      }
      if (tool === 'freehand' && stroke.current.length === 0) return;
      const point = pickSurface(scene, position);
      if (point) current.onPoint(point);
      else current.onNotice('noSurface');
    };

    const onDown = (event: PointerEvent) => {
      if (event.target !== canvas || (event.pointerType === 'mouse' && event.button !== 0)) return;
      let tool = live.current.tool;
      if (tool === undefined) {
        if (event.pointerType !== 'pen' || !live.current.penTakesPen) return;
        tool = 'freehand';
        live.current.onTakePen();
      }
      // Only a stroke needs the pointer to itself; the other tools take clicks and taps and leave drags to the map.
      const byContact = pointerRole(event, { fingerDraws: live.current.fingerDraws });
      const role = byContact === 'draw' && tool !== 'freehand' ? 'navigate' : byContact;
      const start = at(event);
      const gesture: Gesture = {
        pointerId: event.pointerId,
        tool,
        role,
        start,
        last: start,
        moved: false,
        points: [],
      };
      gestures.set(event.pointerId, gesture);
      if (role === 'navigate') return;
      event.stopPropagation();
      event.preventDefault();
      host.setPointerCapture(event.pointerId);
      if (role === 'draw' && tool === 'freehand') {
        const point = pickSurface(scene, start);
        if (point) gesture.points.push(point);
        stroke.current = gesture.points;
      }
    };
    const onMove = (event: PointerEvent) => {
      const gesture = gestures.get(event.pointerId);
      if (!gesture) return;
      const position = at(event);
      if (Cartesian2.distance(position, gesture.start) > CLICK_PIXELS) gesture.moved = true;
      if (gesture.role === 'navigate') return;
      event.stopPropagation();
      event.preventDefault();
      if (gesture.role !== 'draw' || gesture.tool !== 'freehand') return;
      if (Cartesian2.distance(position, gesture.last) < STROKE_STEP_PIXELS) return;
      gesture.last = position;
      const point = pickSurface(scene, position);
      if (point) {
        gesture.points.push(point);
        scene.requestRender();
      }
    };
    const onUp = (event: PointerEvent) => {
      const gesture = gestures.get(event.pointerId);
      if (!gesture) return;
      gestures.delete(event.pointerId);
      if (gesture.role !== 'navigate') {
        event.stopPropagation();
        event.preventDefault();
        if (host.hasPointerCapture(event.pointerId)) host.releasePointerCapture(event.pointerId);
      }
      if (gesture.role === 'ignore') return;
      if (gesture.role === 'draw' && gesture.tool === 'freehand') {
        stroke.current = [];
        if (gesture.moved && gesture.points.length >= 2) {
          live.current.onStroke(simplifyStroke(gesture.points, toleranceAt(scene, gesture.start)));
        }
        scene.requestRender();
        return;
      }
      // A click or tap places a point (or erases); the end of a drag or of a several-finger gesture does not.
      if (!gesture.moved && gestures.size === 0) click(at(event), gesture.tool);
    };
    const onCancel = (event: PointerEvent) => {
      gestures.delete(event.pointerId);
      stroke.current = [];
      scene.requestRender();
    };
    host.addEventListener('pointerdown', onDown, true);
    host.addEventListener('pointermove', onMove, true);
    host.addEventListener('pointerup', onUp, true);
    host.addEventListener('pointercancel', onCancel, true);
    const onKeyDown = (event: KeyboardEvent) => {
      const tool = live.current.tool;
      if (!tool || event.key !== 'Enter' || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      const centre = new Cartesian2(canvas.clientWidth / 2, canvas.clientHeight / 2);
      if (tool === 'freehand') {
        // By keyboard a freehand line is placed point by point, like a polygon.
        const point = pickSurface(scene, centre);
        if (point) live.current.onPoint(point);
        else live.current.onNotice('noSurface');
      } else click(centre, tool);
    };
    canvas.addEventListener('keydown', onKeyDown);
    return () => {
      host.removeEventListener('pointerdown', onDown, true);
      host.removeEventListener('pointermove', onMove, true);
      host.removeEventListener('pointerup', onUp, true);
      host.removeEventListener('pointercancel', onCancel, true);
      canvas.removeEventListener('keydown', onKeyDown);
      stroke.current = [];
    };
  }, [viewer, listening]);
  return null;
}

function cartesian(point: GeodeticPoint): Cartesian3 {
  const [x, y, z] = pointToEcef(point);
  return new Cartesian3(x, y, z);
}

function colourOf(colour: SketchColour): Color {
  return Color.fromCssColorString(SKETCH_COLOURS[colour]);
}

/** The surface point under `position` (CSS pixels on the canvas): 3D tiles and terrain, else the globe, else the ellipsoid. */
export function pickSurface(scene: Scene, position: Cartesian2): GeodeticPoint | undefined {
  let found: Cartesian3 | undefined;
  if (scene.pickPositionSupported) {
    const picked = scene.pickPosition(position);
    if (defined(picked)) found = picked;
  }
  if (!found) {
    const ray = scene.camera.getPickRay(position);
    found = (ray && scene.globe?.pick(ray, scene)) || scene.camera.pickEllipsoid(position) || undefined;
  }
  return found ? ecefToPoint([found.x, found.y, found.z]) : undefined;
}

/** Simplification tolerance (metres): the size of about one CSS pixel at `position`, at least 1 cm. */
function toleranceAt(scene: Scene, position: Cartesian2): number {
  const point = pickSurface(scene, position);
  if (!point) return 0.05;
  const canvas = scene.canvas;
  const pixel = scene.camera.getPixelSize(
    new BoundingSphere(cartesian(point), 0),
    canvas.clientWidth,
    canvas.clientHeight,
  );
  return Math.max(0.01, (Number.isFinite(pixel) ? pixel : 0.05) * SIMPLIFY_PIXELS);
}
