import { describe, expect, it } from 'vitest';
import { createSketchHistory, sketchReducer } from './history.ts';
import type { SketchAction, SketchHistory } from './history.ts';
import type { SketchFeature } from './model.ts';

const note = (text: string): SketchFeature => ({
  kind: 'text',
  colour: 'red',
  width: 'medium',
  points: [{ longitude: 7.2, latitude: 51.28, height: 200 }],
  text,
});

const run = (actions: SketchAction[], start: SketchHistory = createSketchHistory()) =>
  actions.reduce((state, action) => sketchReducer(state, action), start);
const texts = (state: SketchHistory) => state.features.map((f) => f.text);

describe('sketch history', () => {
  it('adds, erases one and clears, each undoable and redoable', () => {
    const a = note('a');
    const b = note('b');
    let state = run([
      { type: 'add', feature: a },
      { type: 'add', feature: b },
      { type: 'erase', index: 0 },
    ]);
    expect(texts(state)).toEqual(['b']);
    state = run([{ type: 'undo' }], state);
    expect(texts(state)).toEqual(['a', 'b']);
    state = run([{ type: 'redo' }], state);
    expect(texts(state)).toEqual(['b']);
    state = run([{ type: 'clear' }], state);
    expect(texts(state)).toEqual([]);
    state = run([{ type: 'undo' }, { type: 'undo' }, { type: 'undo' }], state);
    expect(texts(state)).toEqual(['a']);
    state = run([{ type: 'redo' }, { type: 'redo' }], state);
    expect(texts(state)).toEqual(['b']);
  });

  it('appends an imported file as one step', () => {
    const state = run([
      { type: 'add', feature: note('a') },
      { type: 'append', features: [note('x'), note('y')] },
    ]);
    expect(texts(state)).toEqual(['a', 'x', 'y']);
    expect(texts(run([{ type: 'undo' }], state))).toEqual(['a']);
    expect(sketchReducer(state, { type: 'append', features: [] })).toBe(state);
  });

  it('forgets the redo steps once something new is drawn', () => {
    const state = run([
      { type: 'add', feature: note('a') },
      { type: 'undo' },
      { type: 'add', feature: note('b') },
      { type: 'redo' },
    ]);
    expect(texts(state)).toEqual(['b']);
    expect(state.future).toEqual([]);
  });

  it('changes nothing when there is nothing to undo, redo, erase or clear', () => {
    const empty = createSketchHistory();
    for (const action of [
      { type: 'undo' },
      { type: 'redo' },
      { type: 'clear' },
      { type: 'erase', index: 3 },
    ] as const) {
      expect(sketchReducer(empty, action)).toBe(empty);
    }
  });

  it('loads undoably, and a reset forgets the history', () => {
    const loaded = run([
      { type: 'add', feature: note('a') },
      { type: 'load', features: [note('x'), note('y')] },
    ]);
    expect(texts(loaded)).toEqual(['x', 'y']);
    expect(texts(run([{ type: 'undo' }], loaded))).toEqual(['a']);
    const reset = run([{ type: 'reset' }], loaded);
    expect(reset).toEqual({ features: [], past: [], future: [] });
  });

  it('keeps at most maxSteps undo steps', () => {
    let state = createSketchHistory();
    for (let i = 0; i < 5; i++)
      state = sketchReducer(state, { type: 'add', feature: note(String(i)) }, { maxSteps: 2 });
    expect(state.past).toHaveLength(2);
    state = run([{ type: 'undo' }, { type: 'undo' }, { type: 'undo' }], state);
    expect(texts(state)).toEqual(['0', '1', '2']);
  });
});
