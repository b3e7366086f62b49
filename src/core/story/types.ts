/**
 * Stories: ordered scenes of the city model for presentations. The JSON form (`version: 1`) is documented in
 * `docs/story-schema.md`; unknown fields are kept (extensions allowed). Plain data, no functions.
 */
import type { ClipArea } from '../cut/clip-area.ts';
import type { AnchoredSectionPlane } from '../cut/section-plane.ts';
import type { Measurement } from '../measure/measurement.ts';
import type { SketchGeoJson } from '../sketch/geojson.ts';
import type { CameraView } from '../view/camera-view.ts';

/** Visibility and opacity (0..1) of one layer in a scene, by layer id. */
export interface SceneLayerState {
  visible: boolean;
  opacity?: number;
}

/** One scene: what the viewer shows while it is current. */
export interface StoryScene {
  title: string;
  /** Plain text; blank lines separate paragraphs; http(s) URLs become links. Never HTML. */
  caption?: string;
  /** Speaker notes, shown in the presenter view only. Plain text. */
  notes?: string;
  camera: CameraView;
  /** Layer states by layer id; layers not named keep their state. */
  layers?: Record<string, SceneLayerState>;
  /** Attribute the buildings are coloured by; null for normal colours; absent keeps the current colouring. */
  colour?: string | null;
  /** gml:id of the selected building; null clears the selection; absent keeps it. */
  selected?: string | null;
  /** Scene time (sun position) as an ISO 8601 instant with zone, e.g. "2026-06-21T18:30:00+02:00". */
  time?: string;
  /**
   * The scene's sketches as the sketch GeoJSON (`src/core/sketch/geojson.ts`: positions in degrees and ellipsoidal
   * metres); they replace the sketches shown (an empty collection clears them); absent keeps them.
   */
  sketches?: SketchGeoJson;
  /**
   * The scene's kept measurements (kind and points in degrees and ellipsoidal metres, as `measure=`); they replace
   * the measurements shown (an empty list clears them); absent keeps them.
   */
  measurements?: Measurement[];
  /** The cut tool's section plane (anchor in degrees and ellipsoidal metres; degrees; metres); null turns it off. */
  section?: AnchoredSectionPlane | null;
  /** The area whose buildings are hidden (ring of [lon, lat] degrees, optional name); null shows them again. */
  clip?: ClipArea | null;
  /** Seconds the scene stays in autoplay before the next one (default per story player). */
  dwellSeconds?: number;
  /** Fields this version does not know, kept as they were. */
  [extension: string]: unknown;
}

/** A story: a title and its scenes, in order. */
export interface Story {
  version: 1;
  title: string;
  description?: string;
  scenes: StoryScene[];
  [extension: string]: unknown;
}
