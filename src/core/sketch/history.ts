/**
 * The sketch history: the features now shown and the undo/redo stacks, changed by a pure reducer. Every change
 * (add, erase one, clear, load) is one undoable step; `reset` forgets the history too (an app reset).
 */
import type { SketchFeature } from './model.ts';

/** The features shown and the states undo and redo go back and forth between. */
export interface SketchHistory {
  features: SketchFeature[];
  /** Earlier states, oldest first. */
  past: SketchFeature[][];
  /** States undone, the next redo last. */
  future: SketchFeature[][];
}

/** What changes the sketches. */
export type SketchAction =
  | { type: 'add'; feature: SketchFeature }
  /** Adds several features as one step (an imported file). */
  | { type: 'append'; features: SketchFeature[] }
  /** Removes the feature at `index` (an out-of-range index changes nothing). */
  | { type: 'erase'; index: number }
  | { type: 'clear' }
  /** Replaces all features (an import, a story scene); undoable. */
  | { type: 'load'; features: SketchFeature[] }
  | { type: 'undo' }
  | { type: 'redo' }
  /** Replaces all features and forgets the history (the app's reset, the first load from a link). */
  | { type: 'reset'; features?: SketchFeature[] };

/** Options of the history. */
export interface SketchHistoryOptions {
  /** Most undo steps kept; older ones are forgotten. */
  maxSteps?: number;
}

export const SKETCH_HISTORY_DEFAULTS: Required<SketchHistoryOptions> = { maxSteps: 100 };

/** A history holding `features` with nothing to undo or redo. */
export function createSketchHistory(features: readonly SketchFeature[] = []): SketchHistory {
  return { features: [...features], past: [], future: [] };
}

function step(state: SketchHistory, features: SketchFeature[], maxSteps: number): SketchHistory {
  const past = [...state.past, state.features];
  return { features, past: past.slice(Math.max(0, past.length - maxSteps)), future: [] };
}

/** The next history after `action` (the state itself when nothing changes). */
export function sketchReducer(
  state: SketchHistory,
  action: SketchAction,
  options: SketchHistoryOptions = {},
): SketchHistory {
  const maxSteps = options.maxSteps ?? SKETCH_HISTORY_DEFAULTS.maxSteps;
  switch (action.type) {
    case 'add':
      return step(state, [...state.features, action.feature], maxSteps);
    case 'append':
      return action.features.length === 0
        ? state
        : step(state, [...state.features, ...action.features], maxSteps);
    case 'erase':
      if (action.index < 0 || action.index >= state.features.length) return state;
      return step(
        state,
        state.features.filter((_, i) => i !== action.index),
        maxSteps,
      );
    case 'clear':
      return state.features.length === 0 ? state : step(state, [], maxSteps);
    case 'load':
      return step(state, [...action.features], maxSteps);
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (!previous) return state;
      return { features: previous, past: state.past.slice(0, -1), future: [...state.future, state.features] };
    }
    case 'redo': {
      const next = state.future[state.future.length - 1];
      if (!next) return state;
      return { features: next, past: [...state.past, state.features], future: state.future.slice(0, -1) };
    }
    case 'reset':
      return createSketchHistory(action.features);
  }
}
