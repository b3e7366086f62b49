import { createContext, useContext } from 'react';
import type { SceneTarget } from './scene-target.ts';

/** The app's scene target (provided in App.tsx around everything, the map and the panels). */
export const SceneTargetContext = createContext<SceneTarget | undefined>(undefined);

/**
 * The app's `SceneTarget`: read the current scene, apply a scene (stories, presenter). Throws outside its provider,
 * so a component that needs it cannot silently run without one.
 */
export function useSceneTarget(): SceneTarget {
  const target = useContext(SceneTargetContext);
  if (!target) throw new Error('useSceneTarget: must be used inside SceneTargetContext (App.tsx)');
  return target;
}
