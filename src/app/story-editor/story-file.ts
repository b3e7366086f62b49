/**
 * Story files as the editor writes them: the JSON text, the faults that keep a story from being saved (the same
 * validation as every way in, `validateStory`), and the download. Opening goes through the player's
 * `loadStoryFromFile`, so a file the editor opens is read exactly as the player reads it.
 */
import { validateStory } from '../../core/story/validate.ts';
import type { StoryProblem } from '../../core/story/validate.ts';
import type { Story } from '../../core/story/types.ts';
import { downloadBytes } from '../import/download.ts';

/** The JSON text of a story file: two-space indented, ending in a newline. */
export function storyJson(story: Story): string {
  return `${JSON.stringify(story, null, 2)}\n`;
}

/** The faults that keep `story` from being a valid file (empty: it can be saved as it is). */
export function storyProblems(story: Story, name: string): StoryProblem[] {
  return validateStory(JSON.parse(storyJson(story)), name).problems;
}

/** Starts the download of `story` as a JSON file named `name`. */
export function downloadStory(story: Story, name: string): void {
  downloadBytes(storyJson(story), name, 'application/json');
}
