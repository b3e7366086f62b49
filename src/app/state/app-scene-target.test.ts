import { describe, expect, it } from 'vitest';
import { Cartesian3, Math as CesiumMath } from 'cesium';
import type { CesiumWidget } from 'cesium';
import type { ClipArea } from '../../core/cut/clip-area.ts';
import type { AnchoredSectionPlane } from '../../core/cut/section-plane.ts';
import type { Measurement } from '../../core/measure/measurement.ts';
import { sketchesToGeoJson } from '../../core/sketch/geojson.ts';
import type { SketchFeature } from '../../core/sketch/model.ts';
import { SAMPLE } from '../../core/sketch/sample.test-data.ts';
import type { CameraView } from '../../core/view/camera-view.ts';
import { DEMO_LAYERS } from '../layers/demo-config.ts';
import { initialLayerStates } from '../layers/model.ts';
import type { LayerState } from '../layers/types.ts';
import { createSceneTarget } from './app-scene-target.ts';
import type { SceneTargetSources } from './app-scene-target.ts';

const VIEW: CameraView = { longitude: 7.2, latitude: 51.29, height: 600, heading: 200, pitch: -32, roll: 0 };

/** A viewer with just the camera calls the scene target makes; flights end when the test says so. */
function fakeViewer() {
  const flights: { duration: number; complete: () => void; cancel: () => void }[] = [];
  const views: unknown[] = [];
  const camera = {
    positionWC: Cartesian3.fromDegrees(7.2, 51.29, 600),
    heading: CesiumMath.toRadians(200),
    pitch: CesiumMath.toRadians(-32),
    roll: CesiumMath.TWO_PI - 1e-9,
    flyTo: (options: { duration: number; complete: () => void; cancel: () => void }) => flights.push(options),
    cancelFlight: () => flights.at(-1)?.cancel(),
    setView: (options: unknown) => views.push(options),
  };
  const viewer = { camera, scene: { requestRender: () => undefined }, isDestroyed: () => false };
  return { viewer: viewer as unknown as CesiumWidget, flights, views };
}

function fakeApp(viewer: CesiumWidget | undefined, withSketches = false) {
  const layers = DEMO_LAYERS.layers;
  const app = {
    sketches: [] as SketchFeature[],
    measurements: [] as Measurement[],
    section: undefined as AnchoredSectionPlane | undefined,
    clip: undefined as ClipArea | undefined,
    states: initialLayerStates(layers),
    colour: undefined as string | undefined,
    selected: undefined as string | undefined,
    time: undefined as string | undefined,
  };
  const sources: SceneTargetSources = {
    viewer: () => viewer,
    live: () => ({
      layerModel: {
        states: app.states,
        layers,
        buildingColour: app.colour as never,
        setLayerState: (id: string, patch: Partial<LayerState>) => {
          app.states = { ...app.states, [id]: { ...app.states[id]!, ...patch } };
        },
        setBuildingColour: (colour) => (app.colour = colour),
      },
      selected: app.selected,
      time: app.time,
    }),
    select: (id) => (app.selected = id),
    setTime: (time) => (app.time = time),
    ...(withSketches
      ? {
          sketches: {
            current: () => app.sketches,
            load: (features: SketchFeature[]) => (app.sketches = features),
          },
          measurements: {
            current: () => app.measurements,
            load: (measurements: Measurement[]) => (app.measurements = measurements),
          },
          cut: {
            current: () => ({ section: app.section, clip: app.clip }),
            load: (patch: { section?: AnchoredSectionPlane | null; clip?: ClipArea | null }) => {
              if (patch.section !== undefined) app.section = patch.section ?? undefined;
              if (patch.clip !== undefined) app.clip = patch.clip ?? undefined;
            },
          },
        }
      : {}),
  };
  return { app, target: createSceneTarget(sources) };
}

describe('the app as a scene target', () => {
  it('reads the camera in degrees and the scene with its defaults', () => {
    const { viewer } = fakeViewer();
    const { target } = fakeApp(viewer);
    const view = target.currentView();
    expect(view?.longitude).toBeCloseTo(7.2, 9);
    expect(view?.height).toBeCloseTo(600, 3);
    expect(view?.heading).toBeCloseTo(200, 9);
    expect(Math.abs(view?.roll ?? 1)).toBeLessThan(1e-6); // a full turn reads as 0, not 360
    expect(target.currentScene()).toMatchObject({
      layers: {},
      colour: null,
      selected: null,
      time: '2026-06-21T12:00:00Z',
    });
    expect(fakeApp(undefined).target.currentScene()).toBeUndefined();
  });

  it('applies layers, colour, selection and time at once, then flies; the scene reads back', async () => {
    const { viewer, flights } = fakeViewer();
    const { app, target } = fakeApp(viewer);
    const arrived = target.applyScene(
      {
        camera: VIEW,
        layers: { schools: { visible: false }, 'fibre-routes': { visible: true, opacity: 0.5 } },
        colour: 'measuredHeight',
        selected: 'DEMO_BLDG_000001',
        time: '2026-06-21T18:30:00+02:00',
      },
      { flightSeconds: 3 },
    );
    expect(app).toMatchObject({
      colour: 'measuredHeight',
      selected: 'DEMO_BLDG_000001',
      time: '2026-06-21T18:30:00+02:00',
    });
    expect(flights.map((f) => f.duration)).toEqual([3]);
    flights[0]!.complete();
    await expect(arrived).resolves.toBe(true);
    expect(target.currentScene()).toMatchObject({
      layers: { schools: { visible: false }, 'fibre-routes': { visible: true, opacity: 0.5 } },
      colour: 'measuredHeight',
      selected: 'DEMO_BLDG_000001',
    });
    // null clears; an unknown colouring and a time without zone are left as they were.
    await target.applyScene(
      { camera: VIEW, colour: 'no such thing', selected: null, time: '18:30' },
      { flightSeconds: 0 },
    );
    expect(app).toMatchObject({
      colour: 'measuredHeight',
      selected: undefined,
      time: '2026-06-21T18:30:00+02:00',
    });
    await target.applyScene({ camera: VIEW, colour: null }, { flightSeconds: 0 });
    expect(app.colour).toBeUndefined();
  });

  it('carries the sketches: a scene replaces them, an empty one clears them, an absent one keeps them', async () => {
    const { viewer } = fakeViewer();
    const { app, target } = fakeApp(viewer, true);
    expect(target.currentScene()?.sketches).toEqual(sketchesToGeoJson([]));
    await target.applyScene({ camera: VIEW, sketches: sketchesToGeoJson(SAMPLE) }, { flightSeconds: 0 });
    expect(app.sketches).toEqual(SAMPLE);
    expect(target.currentScene()?.sketches).toEqual(sketchesToGeoJson(SAMPLE));
    await target.applyScene({ camera: VIEW }, { flightSeconds: 0 });
    expect(app.sketches).toEqual(SAMPLE);
    await target.applyScene({ camera: VIEW, sketches: sketchesToGeoJson([]) }, { flightSeconds: 0 });
    expect(app.sketches).toEqual([]);
    expect(fakeApp(viewer).target.currentScene()).not.toHaveProperty('sketches');
  });

  it('carries the measurements and the cut: a scene sets them, null or [] removes them, absent keeps them', async () => {
    const { viewer } = fakeViewer();
    const { app, target } = fakeApp(viewer, true);
    expect(target.currentScene()).toMatchObject({ measurements: [], section: null, clip: null });
    const measurements: Measurement[] = [
      {
        kind: 'distance',
        points: [
          { longitude: 7.2, latitude: 51.29, height: 120 },
          { longitude: 7.201, latitude: 51.29, height: 120 },
        ],
      },
    ];
    const section: AnchoredSectionPlane = {
      longitude: 7.2,
      latitude: 51.29,
      height: 110,
      headingDegrees: 90,
      tiltDegrees: 0,
      offsetMetres: 5,
      flipped: false,
    };
    const clip: ClipArea = {
      ring: [
        [7.2, 51.29],
        [7.201, 51.29],
        [7.201, 51.291],
      ],
      label: 'Plan: WA',
    };
    await target.applyScene({ camera: VIEW, measurements, section, clip }, { flightSeconds: 0 });
    expect(app).toMatchObject({ measurements, section, clip });
    expect(app.measurements).not.toBe(measurements); // the scene's data stays the scene's
    expect(target.currentScene()).toMatchObject({ measurements, section, clip });
    await target.applyScene({ camera: VIEW, section: null }, { flightSeconds: 0 });
    expect(app).toMatchObject({ measurements, section: undefined, clip });
    await target.applyScene({ camera: VIEW, measurements: [], clip: null }, { flightSeconds: 0 });
    expect(app).toMatchObject({ measurements: [], section: undefined, clip: undefined });
    expect(fakeApp(viewer).target.currentScene()).not.toHaveProperty('section');
  });

  it('resolves false when the flight is aborted, and does nothing for an aborted signal', async () => {
    const { viewer, flights, views } = fakeViewer();
    const { app, target } = fakeApp(viewer);
    const controller = new AbortController();
    const arrived = target.applyScene({ camera: VIEW }, { signal: controller.signal });
    controller.abort();
    await expect(arrived).resolves.toBe(false);
    await expect(
      target.applyScene({ camera: VIEW, selected: 'X' }, { signal: controller.signal }),
    ).resolves.toBe(false);
    expect(app.selected).toBeUndefined();
    expect(flights).toHaveLength(1);
    await expect(target.applyScene({ camera: VIEW }, { flightSeconds: 0 })).resolves.toBe(true);
    expect(views).toHaveLength(1);
  });
});
