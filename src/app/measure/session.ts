/**
 * The measuring session as plain data and one reducer: which tool is active, the points picked so far, the last
 * finished measurement and the measurements kept as a layer. No Cesium, no DOM: unit-tested in Node.
 */
import { MIN_POINTS } from '../../core/measure/measurement.ts';
import type { GeodeticPoint, MeasureKind, Measurement } from '../../core/measure/measurement.ts';

/** A measurement being made or just made, with what the picker learnt on the way. */
export interface ActiveMeasurement extends Measurement {
  /** Height tool: whether the ground point was sampled below the top or picked by the person. */
  ground?: 'sampled' | 'picked';
  /** Height tool: the picked building's stored height attribute (`measuredHeight`), metres. */
  attributeHeight?: number;
}

/** State of the measure tools. */
export interface MeasureState {
  /** The active tool; undefined: none (picking selects buildings again). */
  tool?: MeasureKind;
  /** Whether picks snap to vertices and edges. */
  snap: boolean;
  /** The measurement being made (points so far). */
  current?: ActiveMeasurement;
  /** The last finished measurement, shown until the next one starts. */
  result?: ActiveMeasurement;
  /** Measurements kept as a layer (shared in the URL, exported as GeoJSON). */
  kept: Measurement[];
}

export const MEASURE_STATE_DEFAULTS: MeasureState = { snap: true, kept: [] };

/** What a pick or a key does to the session. */
export type MeasureAction =
  | { type: 'tool'; tool: MeasureKind | undefined }
  | { type: 'snap'; snap: boolean }
  /** A picked point; `attributeHeight` from the picked building. */
  | { type: 'point'; point: GeodeticPoint; attributeHeight?: number }
  /** Height tool: the top point with the ground height sampled below it (ellipsoidal metres). */
  | { type: 'height'; top: GeodeticPoint; groundHeight: number; attributeHeight?: number }
  | { type: 'undo' }
  | { type: 'finish' }
  | { type: 'cancel' }
  | { type: 'keep' }
  | { type: 'remove'; index: number }
  | { type: 'removeAll' }
  | { type: 'restore'; kept: Measurement[] };

function finished(current: ActiveMeasurement | undefined): ActiveMeasurement | undefined {
  return current && current.points.length >= MIN_POINTS[current.kind] ? current : undefined;
}

/** The session after `action`. Finishing too few points drops them; a finished measurement becomes `result`. */
export function measureReducer(state: MeasureState, action: MeasureAction): MeasureState {
  switch (action.type) {
    case 'tool':
      return { ...state, tool: action.tool, current: undefined, result: undefined };
    case 'snap':
      return { ...state, snap: action.snap };
    case 'point': {
      if (!state.tool) return state;
      if (state.tool === 'height') {
        // The second point of a height measurement is the ground below the first.
        const top = state.current?.points[0];
        if (!top) return state;
        const ground = { longitude: top.longitude, latitude: top.latitude, height: action.point.height };
        const result: ActiveMeasurement = { ...state.current!, points: [top, ground], ground: 'picked' };
        return { ...state, current: undefined, result };
      }
      const points = [...(state.current?.points ?? []), action.point];
      return { ...state, current: { kind: state.tool, points }, result: undefined };
    }
    case 'height': {
      if (state.tool !== 'height') return state;
      const ground = { ...action.top, height: action.groundHeight };
      const current: ActiveMeasurement = { kind: 'height', points: [action.top, ground], ground: 'sampled' };
      if (action.attributeHeight !== undefined) current.attributeHeight = action.attributeHeight;
      return { ...state, current, result: undefined };
    }
    case 'undo': {
      if (!state.current) return state;
      const points = state.current.points.slice(0, state.tool === 'height' ? 0 : -1);
      return { ...state, current: points.length > 0 ? { ...state.current, points } : undefined };
    }
    case 'finish':
      return { ...state, current: undefined, result: finished(state.current) ?? state.result };
    case 'cancel':
      return { ...state, current: undefined, result: undefined };
    case 'keep': {
      const result = state.result;
      if (!result) return state;
      return {
        ...state,
        result: undefined,
        kept: [...state.kept, { kind: result.kind, points: result.points }],
      };
    }
    case 'remove':
      return { ...state, kept: state.kept.filter((_, i) => i !== action.index) };
    case 'removeAll':
      return { ...state, kept: [] };
    case 'restore':
      return { ...state, kept: action.kept };
  }
}
