/**
 * Editing a story as plain data: one reducer over the operations the story editor offers (add, update, move,
 * delete, rename). Platform-free (no DOM, no React): every function returns a new story and leaves its input
 * untouched, so React state, the draft store and undo can share the objects.
 */
import type { Story, StoryScene } from '../../core/story/types.ts';
import { MAX_DWELL_SECONDS } from '../../core/story/validate.ts';

/** The shortest dwell time the story schema accepts, seconds (`checkScene` in core/story/validate.ts). */
export const MIN_DWELL_SECONDS = 0.5;

/** One editing operation. Indices are positions in `story.scenes` (0-based). */
export type StoryEdit =
  /** Appends `scene`, or inserts it at `index` (clamped to 0..length). */
  | { type: 'add'; scene: StoryScene; index?: number }
  /** Merges `patch` into the scene at `index`; a field set to undefined is removed (e.g. an emptied caption). */
  | { type: 'update'; index: number; patch: Partial<StoryScene> }
  /** Moves the scene at `from` to position `to` (clamped); the others keep their order. */
  | { type: 'move'; from: number; to: number }
  /** Removes the scene at `index`. */
  | { type: 'delete'; index: number }
  /** Sets the story's title. */
  | { type: 'rename'; title: string }
  /** Replaces the whole story (a file opened, a draft restored). */
  | { type: 'replace'; story: Story };

/** A new story with no scenes. */
export function emptyStory(title = ''): Story {
  return { version: 1, title, scenes: [] };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function withScenes(story: Story, scenes: StoryScene[]): Story {
  return { ...story, scenes };
}

/**
 * Applies `edit` to `story` and returns the new story; an edit that names a scene that does not exist returns
 * `story` itself (same object), so callers can tell that nothing changed.
 */
export function editStory(story: Story, edit: StoryEdit): Story {
  const { scenes } = story;
  switch (edit.type) {
    case 'add': {
      const at = clamp(edit.index ?? scenes.length, 0, scenes.length);
      return withScenes(story, [...scenes.slice(0, at), edit.scene, ...scenes.slice(at)]);
    }
    case 'update': {
      const current = scenes[edit.index];
      if (!current) return story;
      const next: StoryScene = { ...current, ...edit.patch };
      for (const [key, value] of Object.entries(edit.patch)) {
        if (value === undefined) delete next[key];
      }
      return withScenes(
        story,
        scenes.map((scene, i) => (i === edit.index ? next : scene)),
      );
    }
    case 'move': {
      const moved = scenes[edit.from];
      if (!moved) return story;
      const to = clamp(edit.to, 0, scenes.length - 1);
      if (to === edit.from) return story;
      const rest = scenes.filter((_, i) => i !== edit.from);
      return withScenes(story, [...rest.slice(0, to), moved, ...rest.slice(to)]);
    }
    case 'delete': {
      if (!scenes[edit.index]) return story;
      return withScenes(
        story,
        scenes.filter((_, i) => i !== edit.index),
      );
    }
    case 'rename':
      return story.title === edit.title ? story : { ...story, title: edit.title };
    case 'replace':
      return edit.story;
  }
}

/** Title of a scene added without one: "Szene 3" / "Scene 3" (1-based `number`). */
export function defaultSceneTitle(prefix: string, number: number): string {
  return `${prefix} ${number}`;
}

/**
 * Parses a dwell time typed by a person: seconds, decimal point or comma, 0.5 to 3600 (the story schema's
 * range, `MAX_DWELL_SECONDS`). Returns undefined
 * for an empty field (the player's default applies) and null for anything else (the field shows an error).
 */
export function parseDwellSeconds(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d+([.,]\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed.replace(',', '.'));
  return value >= MIN_DWELL_SECONDS && value <= MAX_DWELL_SECONDS ? value : null;
}

/** File name for a story download: its title reduced to safe characters, `.story.json`. */
export function storyFileName(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return `${base || 'story'}.story.json`;
}

/**
 * The fields of a scene that the viewer's state sets (camera, layers, colouring, selection, time, sketches,
 * measurements, the cut's section plane and hidden area).
 */
export const CAPTURED_FIELDS = [
  'camera',
  'layers',
  'colour',
  'selected',
  'time',
  'sketches',
  'measurements',
  'section',
  'clip',
] as const;

/** What the viewer shows now, as a scene patch: every captured field, absent ones as undefined (removed). */
export function capturePatch(state: Pick<StoryScene, (typeof CAPTURED_FIELDS)[number]>): Partial<StoryScene> {
  const patch: Record<string, unknown> = {};
  for (const field of CAPTURED_FIELDS) patch[field] = structuredClone(state[field]);
  return patch as Partial<StoryScene>;
}
