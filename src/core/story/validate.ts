/**
 * Validation of story JSON (schema version 1, `docs/story-schema.md`). A story is checked scene by scene: a
 * scene with any invalid field is left out and every fault is reported as data (scene, field, what was
 * expected, what was found), so one bad scene never loses the others. Fields this version does not know are
 * kept as they are (extensions). Platform-free: the app words the problems in German and English.
 */
import { prepareClipArea } from '../cut/clip-area.ts';
import type { ClipArea, ClipAreaProblem } from '../cut/clip-area.ts';
import { normaliseSectionPlane } from '../cut/section-plane.ts';
import type { AnchoredSectionPlane } from '../cut/section-plane.ts';
import { CLIP_URL_LIMITS } from '../cut/url.ts';
import { MEASURE_URL_LIMITS, MIN_POINTS } from '../measure/measurement.ts';
import type { GeodeticPoint, MeasureKind, Measurement } from '../measure/measurement.ts';
import { readSketchGeoJson, sketchesToGeoJson } from '../sketch/geojson.ts';
import type { SketchExpectation } from '../sketch/geojson.ts';
import { CAMERA_VIEW_FIELDS, CAMERA_VIEW_RANGES } from '../view/camera-view.ts';
import { isInstant } from './instant.ts';
import type { CameraView } from '../view/camera-view.ts';
import type { SceneLayerState, Story, StoryScene } from './types.ts';

/** The story schema version this code reads and writes. */
export const STORY_VERSION = 1;

/** What a field should have held; the app turns it into words. */
export type StoryExpectation =
  | { kind: 'object' }
  | { kind: 'array' }
  /** A non-empty string. */
  | { kind: 'text' }
  /** A string (may be empty). */
  | { kind: 'string' }
  | { kind: 'string-or-null' }
  | { kind: 'object-or-null' }
  /** One of the listed words. */
  | { kind: 'one-of'; values: readonly string[] }
  /** A list of min..max entries (inclusive). */
  | { kind: 'count'; min: number; max: number }
  /** A position [longitude, latitude] in degrees. */
  | { kind: 'position' }
  /** A ring that encloses an area (`prepareClipArea`): at least three distinct points, not all on a line. */
  | { kind: 'clip-area'; problem: ClipAreaProblem }
  | { kind: 'boolean' }
  /** A finite number within min..max (inclusive). */
  | { kind: 'number'; min: number; max: number }
  /** An ISO 8601 instant with a zone, e.g. 2026-06-21T18:30:00+02:00. */
  | { kind: 'instant' }
  | { kind: 'version'; supported: typeof STORY_VERSION }
  /** Readable JSON text (the file did not parse; `found` holds the parser's message). */
  | { kind: 'json' }
  /** A field of the scene's sketch GeoJSON (`sketches`) held something else than `sketch` expects. */
  | { kind: 'sketch'; sketch: SketchExpectation };

/** One fault of a story file. */
export interface StoryProblem {
  /** Where the story came from (file name or URL), as given to `validateStory`. */
  source: string;
  /** 0-based index of the scene in the file; undefined for a fault of the story itself. */
  sceneIndex?: number;
  /** The scene's title when it has a readable one. */
  sceneTitle?: string;
  /** Path of the field inside the scene (or the story), e.g. `camera.latitude`; '' for the whole value. */
  field: string;
  expected: StoryExpectation;
  /** A short rendering of what was found (at most ~40 characters); undefined when the field is missing. */
  found?: string;
}

/** The outcome of `validateStory`. */
export interface StoryValidation {
  /** The story with its valid scenes only; undefined when the file is not a version-1 story at all. */
  story?: Story;
  /** Every fault found, in file order. Empty for a valid story. */
  problems: StoryProblem[];
  /** Scenes in the file (valid or not); 0 when there is no scene list. */
  sceneCount: number;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const FOUND_LENGTH = 40;

/** A short, single-line rendering of a found value for a problem message. */
export function describeFound(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let text: string;
  if (Array.isArray(value)) text = `[… ${value.length}]`;
  else if (isObject(value)) text = '{…}';
  else if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  else text = JSON.stringify(value) ?? String(value);
  text = text.replace(/\s+/g, ' ');
  return text.length > FOUND_LENGTH ? `${text.slice(0, FOUND_LENGTH - 1)}…` : text;
}

/** Camera fields in schema order with their ranges (degrees, ellipsoidal metres): the same as `view=`. */
const CAMERA_RANGES = CAMERA_VIEW_FIELDS.map((name) => [name, ...CAMERA_VIEW_RANGES[name]] as const);

/** Longest autoplay dwell of a scene, seconds (an hour: a foyer loop, not a screensaver). */
export const MAX_DWELL_SECONDS = 3600;

// The scene time's grammar, shared with the share state and the embed viewer (its own module: light to import).
export { isInstant } from './instant.ts';

/** Collects the problems of one scene (or the story head) under a fixed source and scene. */
class ProblemList {
  readonly items: StoryProblem[] = [];
  constructor(
    private readonly base: Omit<StoryProblem, 'field' | 'expected' | 'found'>,
    private readonly prefix = '',
  ) {}

  add(field: string, expected: StoryExpectation, value: unknown): void {
    this.items.push({ ...this.base, field: this.prefix + field, expected, found: describeFound(value) });
  }

  text(field: string, value: unknown, required: boolean): void {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || (required && value.trim() === '')) {
      this.add(field, required ? { kind: 'text' } : { kind: 'string' }, value);
    }
  }

  number(field: string, value: unknown, min: number, max: number): void {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.add(field, { kind: 'number', min, max }, value);
    }
  }
}

function checkCamera(problems: ProblemList, camera: unknown): void {
  if (!isObject(camera)) {
    problems.add('camera', { kind: 'object' }, camera);
    return;
  }
  for (const [name, min, max] of CAMERA_RANGES) problems.number(`camera.${name}`, camera[name], min, max);
}

function checkLayers(problems: ProblemList, layers: unknown): void {
  if (layers === undefined) return;
  if (!isObject(layers)) {
    problems.add('layers', { kind: 'object' }, layers);
    return;
  }
  for (const [id, state] of Object.entries(layers)) {
    const field = `layers.${id}`;
    if (!isObject(state)) {
      problems.add(field, { kind: 'object' }, state);
      continue;
    }
    if (typeof state.visible !== 'boolean')
      problems.add(`${field}.visible`, { kind: 'boolean' }, state.visible);
    if (state.opacity !== undefined) problems.number(`${field}.opacity`, state.opacity, 0, 1);
  }
}

/** Measurement kinds a scene may carry, as the measure tools name them. */
const MEASURE_KINDS: readonly MeasureKind[] = ['distance', 'height', 'area'];

/** Largest height of a point and offset of a section plane, ellipsoidal metres (as `measure=` and `section=`). */
const MAX_METRES = 100_000;

function checkPoint(problems: ProblemList, field: string, point: unknown): void {
  if (!isObject(point)) {
    problems.add(field, { kind: 'object' }, point);
    return;
  }
  problems.number(`${field}.longitude`, point.longitude, -180, 180);
  problems.number(`${field}.latitude`, point.latitude, -90, 90);
  problems.number(`${field}.height`, point.height, -MAX_METRES, MAX_METRES);
}

function checkMeasurements(problems: ProblemList, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.add('measurements', { kind: 'array' }, value);
    return;
  }
  if (value.length > MEASURE_URL_LIMITS.measurements) {
    problems.add('measurements', { kind: 'count', min: 0, max: MEASURE_URL_LIMITS.measurements }, value);
  }
  value.forEach((measurement: unknown, index) => {
    const field = `measurements[${index}]`;
    if (!isObject(measurement)) {
      problems.add(field, { kind: 'object' }, measurement);
      return;
    }
    const kind = MEASURE_KINDS.find((name) => name === measurement.kind);
    if (!kind) problems.add(`${field}.kind`, { kind: 'one-of', values: MEASURE_KINDS }, measurement.kind);
    const { points } = measurement;
    if (!Array.isArray(points)) {
      problems.add(`${field}.points`, { kind: 'array' }, points);
      return;
    }
    // A height is its top and the ground below it: exactly two points.
    const min = kind ? MIN_POINTS[kind] : 2;
    const max = kind === 'height' ? 2 : MEASURE_URL_LIMITS.points;
    if (points.length < min || points.length > max)
      problems.add(`${field}.points`, { kind: 'count', min, max }, points);
    points.forEach((point: unknown, i) => checkPoint(problems, `${field}.points[${i}]`, point));
  });
}

function checkSection(problems: ProblemList, value: unknown): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) {
    problems.add('section', { kind: 'object-or-null' }, value);
    return;
  }
  checkPoint(problems, 'section', value);
  const optional: [string, number, number][] = [
    // Kept as 0..360 (−90 is 270).
    ['headingDegrees', -360, 360],
    ['tiltDegrees', -90, 90],
    ['offsetMetres', -MAX_METRES, MAX_METRES],
  ];
  for (const [name, min, max] of optional) {
    if (value[name] !== undefined) problems.number(`section.${name}`, value[name], min, max);
  }
  if (value.flipped !== undefined && typeof value.flipped !== 'boolean') {
    problems.add('section.flipped', { kind: 'boolean' }, value.flipped);
  }
}

function checkClip(problems: ProblemList, value: unknown): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) {
    problems.add('clip', { kind: 'object-or-null' }, value);
    return;
  }
  problems.text('clip.label', value.label, false);
  const { ring } = value;
  if (!Array.isArray(ring)) {
    problems.add('clip.ring', { kind: 'array' }, ring);
    return;
  }
  const before = problems.items.length;
  if (ring.length > CLIP_URL_LIMITS.points) {
    problems.add('clip.ring', { kind: 'count', min: 3, max: CLIP_URL_LIMITS.points }, ring);
  }
  ring.forEach((position: unknown, i) => {
    if (!Array.isArray(position) || position.length < 2) {
      problems.add(`clip.ring[${i}]`, { kind: 'position' }, position);
      return;
    }
    problems.number(`clip.ring[${i}][0]`, position[0], -180, 180);
    problems.number(`clip.ring[${i}][1]`, position[1], -90, 90);
  });
  if (problems.items.length > before) return;
  const prepared = prepareClipArea(ring as number[][]);
  if ('problem' in prepared)
    problems.add('clip.ring', { kind: 'clip-area', problem: prepared.problem }, ring);
}

/** The problems of one scene value (empty when it is valid). */
export function checkScene(scene: unknown, sceneIndex: number, source: string): StoryProblem[] {
  const title = isObject(scene) && typeof scene.title === 'string' ? scene.title : undefined;
  const problems = new ProblemList({ source, sceneIndex, sceneTitle: title?.trim() || undefined });
  if (!isObject(scene)) {
    problems.add('', { kind: 'object' }, scene);
    return problems.items;
  }
  problems.text('title', scene.title, true);
  problems.text('caption', scene.caption, false);
  problems.text('notes', scene.notes, false);
  checkCamera(problems, scene.camera);
  checkLayers(problems, scene.layers);
  for (const field of ['colour', 'selected'] as const) {
    const value = scene[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      problems.add(field, { kind: 'string-or-null' }, value);
    }
  }
  if (scene.time !== undefined && !isInstant(scene.time))
    problems.add('time', { kind: 'instant' }, scene.time);
  if (scene.sketches !== undefined) {
    for (const problem of readSketchGeoJson(scene.sketches).problems) {
      const feature = problem.feature === undefined ? '' : `.features[${problem.feature}]`;
      const field = `sketches${feature}${problem.field === '' ? '' : `.${problem.field}`}`;
      problems.items.push({
        source,
        sceneIndex,
        sceneTitle: title?.trim() || undefined,
        field,
        expected: { kind: 'sketch', sketch: problem.expected },
        found: problem.found,
      });
    }
  }
  checkMeasurements(problems, scene.measurements);
  checkSection(problems, scene.section);
  checkClip(problems, scene.clip);
  if (scene.dwellSeconds !== undefined)
    problems.number('dwellSeconds', scene.dwellSeconds, 0.5, MAX_DWELL_SECONDS);
  return problems.items;
}

/** A copy of a valid scene value: known fields normalised (heading as given), unknown fields kept. */
function toScene(value: Json): StoryScene {
  const camera = value.camera as Json;
  const cameraView = Object.fromEntries(
    CAMERA_RANGES.map(([name]) => [name, camera[name]]),
  ) as unknown as CameraView;
  const scene: StoryScene = {
    ...value,
    title: value.title as string,
    camera: { ...camera, ...cameraView },
  };
  if (isObject(value.layers)) {
    scene.layers = Object.fromEntries(
      Object.entries(value.layers).map(([id, state]) => [
        id,
        { ...(state as Json) } as unknown as SceneLayerState,
      ]),
    );
  }
  // A fresh copy in the exported form: the scene shares nothing with the file's value.
  if (value.sketches !== undefined)
    scene.sketches = sketchesToGeoJson(readSketchGeoJson(value.sketches).features);
  if (Array.isArray(value.measurements)) scene.measurements = value.measurements.map(toMeasurement);
  if (value.section !== undefined) scene.section = isObject(value.section) ? toSection(value.section) : null;
  if (value.clip !== undefined) scene.clip = isObject(value.clip) ? toClip(value.clip) : null;
  return scene;
}

const toPoint = (point: Json): GeodeticPoint => ({
  longitude: point.longitude as number,
  latitude: point.latitude as number,
  height: point.height as number,
});

/** A checked measurement value as a `Measurement` (known fields only). */
function toMeasurement(value: unknown): Measurement {
  const measurement = value as Json;
  return { kind: measurement.kind as MeasureKind, points: (measurement.points as Json[]).map(toPoint) };
}

/** A checked section value with the plane's defaults filled in and its heading in 0..360. */
function toSection(value: Json): AnchoredSectionPlane {
  return { ...toPoint(value), ...normaliseSectionPlane(value) };
}

/** A checked clip value with its ring cleaned up (open, counter-clockwise). */
function toClip(value: Json): ClipArea {
  const prepared = prepareClipArea(value.ring as number[][]);
  const ring = 'ring' in prepared ? prepared.ring : [];
  return typeof value.label === 'string' && value.label.trim() !== ''
    ? { ring, label: value.label }
    : { ring };
}

/**
 * Checks a parsed story file. `source` names it in the problems (file name or URL). The story keeps its
 * valid scenes in order; a scene with any fault is left out and its faults are listed. A value that is not
 * an object, a `version` other than 1 or a missing scene list gives no story. A missing or empty story title
 * is reported and replaced by `source`.
 */
export function validateStory(json: unknown, source: string): StoryValidation {
  const head = new ProblemList({ source });
  if (!isObject(json)) {
    head.add('', { kind: 'object' }, json);
    return { problems: head.items, sceneCount: 0 };
  }
  if (json.version !== STORY_VERSION) {
    head.add('version', { kind: 'version', supported: STORY_VERSION }, json.version);
    return { problems: head.items, sceneCount: Array.isArray(json.scenes) ? json.scenes.length : 0 };
  }
  if (!Array.isArray(json.scenes)) {
    head.add('scenes', { kind: 'array' }, json.scenes);
    return { problems: head.items, sceneCount: 0 };
  }
  head.text('title', json.title, true);
  head.text('description', json.description, false);
  const scenes: StoryScene[] = [];
  const problems = [...head.items];
  json.scenes.forEach((value: unknown, index) => {
    const found = checkScene(value, index, source);
    if (found.length > 0) problems.push(...found);
    else scenes.push(toScene(value as Json));
  });
  const title = typeof json.title === 'string' && json.title.trim() !== '' ? json.title : source;
  const story: Story = { ...json, version: STORY_VERSION, title, scenes };
  if (json.description !== undefined && typeof json.description !== 'string') delete story.description;
  return { story, problems, sceneCount: json.scenes.length };
}

/** Bytes of a `.json` file's start that `isStoryHead` looks at. */
export const STORY_HEAD_BYTES = 4096;

/**
 * Whether the start of a `.json` file looks like a story rather than GeoJSON: it names `scenes` (or a `version`
 * with no GeoJSON `type`) before any `features`. A guess for routing dropped files; `validateStory` decides.
 */
export function isStoryHead(head: string): boolean {
  if (!/^\s*\{/.test(head)) return false;
  const scenes = head.search(/"scenes"\s*:/);
  const features = head.search(/"(features|geometry|coordinates)"\s*:/);
  if (scenes >= 0) return features < 0 || scenes < features;
  return (
    /"version"\s*:\s*\d/.test(head) &&
    !/"type"\s*:\s*"(Feature|FeatureCollection|Topology)"/.test(head) &&
    features < 0
  );
}

/**
 * Parses story text (a `.json` file's content) and validates it; a JSON syntax error is one problem for the
 * whole file, with the parser's message as `found`.
 */
export function parseStory(text: string, source: string): StoryValidation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { problems: [{ source, field: '', expected: { kind: 'json' }, found: message }], sceneCount: 0 };
  }
  return validateStory(json, source);
}
