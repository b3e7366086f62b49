import { describe, expect, it } from 'vitest';
import type { Story, StoryScene } from '../../core/story/types.ts';
import { capturePatch, editStory, emptyStory, parseDwellSeconds, storyFileName } from './editing.ts';

const camera = { longitude: 7.1, latitude: 50.7, height: 400, heading: 10, pitch: -30, roll: 0 };

function scene(title: string, extra: Partial<StoryScene> = {}): StoryScene {
  return { title, camera: { ...camera }, ...extra };
}

function titles(story: Story): string[] {
  return story.scenes.map((s) => s.title);
}

describe('editStory', () => {
  const abc: Story = { ...emptyStory('Rundgang'), scenes: [scene('A'), scene('B'), scene('C')] };

  it('adds at the end or at a clamped index', () => {
    expect(titles(editStory(abc, { type: 'add', scene: scene('D') }))).toEqual(['A', 'B', 'C', 'D']);
    expect(titles(editStory(abc, { type: 'add', scene: scene('D'), index: 1 }))).toEqual([
      'A',
      'D',
      'B',
      'C',
    ]);
    expect(titles(editStory(abc, { type: 'add', scene: scene('D'), index: -5 }))).toEqual([
      'D',
      'A',
      'B',
      'C',
    ]);
    expect(titles(abc)).toEqual(['A', 'B', 'C']); // input untouched
  });

  it('updates one scene and removes fields patched to undefined', () => {
    const withCaption = editStory(abc, {
      type: 'update',
      index: 1,
      patch: { caption: 'Hallo', dwellSeconds: 8 },
    });
    expect(withCaption.scenes[1]).toMatchObject({ title: 'B', caption: 'Hallo', dwellSeconds: 8 });
    expect(withCaption.scenes[0]).toBe(abc.scenes[0]);
    const cleared = editStory(withCaption, { type: 'update', index: 1, patch: { caption: undefined } });
    expect('caption' in cleared.scenes[1]!).toBe(false);
    expect(cleared.scenes[1]!.dwellSeconds).toBe(8);
  });

  it('keeps unknown extension fields of a scene through updates', () => {
    const story: Story = { ...abc, scenes: [scene('A', { 'x-sound': 'bell.mp3' })] };
    const next = editStory(story, { type: 'update', index: 0, patch: { title: 'A2' } });
    expect(next.scenes[0]).toMatchObject({ title: 'A2', 'x-sound': 'bell.mp3' });
  });

  it('moves a scene up, down, to the ends and clamps', () => {
    expect(titles(editStory(abc, { type: 'move', from: 2, to: 1 }))).toEqual(['A', 'C', 'B']);
    expect(titles(editStory(abc, { type: 'move', from: 0, to: 1 }))).toEqual(['B', 'A', 'C']);
    expect(titles(editStory(abc, { type: 'move', from: 0, to: 99 }))).toEqual(['B', 'C', 'A']);
    expect(titles(editStory(abc, { type: 'move', from: 2, to: -1 }))).toEqual(['C', 'A', 'B']);
  });

  it('returns the same story for edits that change nothing', () => {
    expect(editStory(abc, { type: 'move', from: 0, to: 0 })).toBe(abc);
    expect(editStory(abc, { type: 'move', from: 7, to: 0 })).toBe(abc);
    expect(editStory(abc, { type: 'delete', index: 3 })).toBe(abc);
    expect(editStory(abc, { type: 'update', index: -1, patch: { title: 'x' } })).toBe(abc);
    expect(editStory(abc, { type: 'rename', title: 'Rundgang' })).toBe(abc);
  });

  it('deletes, renames and replaces', () => {
    expect(titles(editStory(abc, { type: 'delete', index: 1 }))).toEqual(['A', 'C']);
    expect(editStory(abc, { type: 'rename', title: 'Neu' }).title).toBe('Neu');
    const other = emptyStory('Anders');
    expect(editStory(abc, { type: 'replace', story: other })).toBe(other);
  });

  it('a deleted scene re-added at its index restores the story (undo)', () => {
    const deleted = editStory(abc, { type: 'delete', index: 1 });
    const restored = editStory(deleted, { type: 'add', scene: abc.scenes[1]!, index: 1 });
    expect(restored).toEqual(abc);
  });
});

describe('capturePatch', () => {
  it('sets every captured field and copies nested objects', () => {
    const layers = { schools: { visible: true, opacity: 0.5 } };
    const patch = capturePatch({ camera, layers, colour: null, selected: undefined, time: undefined });
    expect(Object.keys(patch).sort()).toEqual([
      'camera',
      'clip',
      'colour',
      'layers',
      'measurements',
      'section',
      'selected',
      'sketches',
      'time',
    ]);
    expect(patch.layers).toEqual(layers);
    expect(patch.layers).not.toBe(layers);
    const story: Story = { ...emptyStory(), scenes: [scene('A', { selected: 'DEMO_1', caption: 'c' })] };
    const next = editStory(story, { type: 'update', index: 0, patch });
    expect(next.scenes[0]).toEqual({ title: 'A', caption: 'c', camera, layers, colour: null });
  });

  it('takes the measurements and the cut along, a plane that is off as null', () => {
    const measurements = [
      {
        kind: 'height' as const,
        points: [
          { longitude: 7.2, latitude: 51.29, height: 150 },
          { longitude: 7.2, latitude: 51.29, height: 110 },
        ],
      },
    ];
    const clip = {
      ring: [
        [7.2, 51.29],
        [7.201, 51.29],
        [7.201, 51.291],
      ] as [number, number][],
    };
    const patch = capturePatch({ camera, measurements, section: null, clip });
    expect(patch).toMatchObject({ measurements, section: null, clip });
    expect(patch.clip).not.toBe(clip);
  });
});

describe('parseDwellSeconds', () => {
  it('accepts positive seconds with point or comma, empty as default', () => {
    expect(parseDwellSeconds('8')).toBe(8);
    expect(parseDwellSeconds(' 2,5 ')).toBe(2.5);
    expect(parseDwellSeconds('')).toBeUndefined();
    expect(parseDwellSeconds('0,5')).toBe(0.5);
    for (const bad of ['0', '0.4', '-3', 'abc', '1e3', '3601', '5 s'])
      expect(parseDwellSeconds(bad), bad).toBeNull();
  });
});

describe('storyFileName', () => {
  it('reduces the title to safe characters', () => {
    expect(storyFileName('Neue Straße am Rhein/Süd')).toBe('neue-strasse-am-rhein-sud.story.json');
    expect(storyFileName('<script>')).toBe('script.story.json');
    expect(storyFileName('  ')).toBe('story.story.json');
  });
});
