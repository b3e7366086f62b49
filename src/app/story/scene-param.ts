/** URL parameter naming the story's current scene, 1-based as people count ("scene=3"). */
export const SCENE_PARAM = 'scene';

/** The 0-based scene a `scene=` value names: a whole number from 1 up; anything else is the first scene. */
export function sceneOfParam(value: string | null): number {
  if (value === null || !/^\d{1,6}$/.test(value)) return 0;
  return Math.max(0, Number(value) - 1);
}
