import { useCallback, useEffect, useRef, useState } from 'react';
import { loadStoryFromFile, loadStoryFromUrl } from './load-story.ts';
import type { LoadedStory } from './load-story.ts';
import type { Story } from '../../core/story/types.ts';
import { SCENE_PARAM, sceneOfParam } from './scene-param.ts';

/** URL parameter naming the open story (a same-origin path or URL). */
export const STORY_PARAM = 'story';

/**
 * Writes `scene=` for the 0-based `index` while the URL names a story (a story from a file or the editor has no
 * address to share), so a copied link opens the presentation at this scene.
 */
export function writeSceneParam(index: number): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has(STORY_PARAM)) return;
  url.searchParams.set(SCENE_PARAM, String(index + 1));
  if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
}

/** The story the page shows (or tried to open), and how to open and close one. */
export interface StorySource {
  /** The open story with its problems, or the refusal of one; undefined when none is open. */
  current: LoadedStory | undefined;
  /** The source (URL or file name) being loaded now. */
  loading: string | undefined;
  /** Opens the story at a same-origin URL (relative to the page) and names it in `?story=`. */
  openUrl(reference: string): void;
  /** Opens a dropped or chosen story file (the URL names no story then). */
  openFile(file: File): void;
  /**
   * Presents a story already in memory (e.g. the one being edited) from scene `start` (0-based); `source` names
   * it in messages. The URL names no story then.
   */
  openStory(story: Story, start: number, source: string): void;
  /** Closes the story (and removes `?story=`). */
  close(): void;
}

/** Writes `?story=` (or removes it, with `scene=`), leaving every other parameter and the hash as they are. */
function writeStoryParam(reference: string | undefined): void {
  const url = new URL(window.location.href);
  url.searchParams.delete(SCENE_PARAM);
  if (reference === undefined) url.searchParams.delete(STORY_PARAM);
  else url.searchParams.set(STORY_PARAM, reference);
  if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
}

/**
 * The page's story: opened from `?story=` at start, from the city's story menu or from a dropped file. A newer
 * open cancels a load still running. Loading and validation happen in `load-story.ts`.
 */
export function useStory(): StorySource {
  const [current, setCurrent] = useState<LoadedStory | undefined>(undefined);
  const [loading, setLoading] = useState<string | undefined>(undefined);
  const running = useRef<AbortController | undefined>(undefined);

  const load = useCallback((source: string, read: (signal: AbortSignal) => Promise<LoadedStory>) => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setLoading(source);
    read(controller.signal)
      .then((loaded) => {
        if (controller.signal.aborted) return;
        setCurrent(loaded);
      })
      .catch(() => undefined) // aborted: a newer story or the unmount took over
      .finally(() => {
        if (running.current === controller) {
          running.current = undefined;
          setLoading(undefined);
        }
      });
  }, []);

  const openUrl = useCallback(
    (reference: string) => {
      writeStoryParam(reference);
      load(reference, (signal) => loadStoryFromUrl(reference, document.baseURI, signal));
    },
    [load],
  );
  const openFile = useCallback(
    (file: File) => {
      writeStoryParam(undefined);
      load(file.name, () => loadStoryFromFile(file));
    },
    [load],
  );
  const openStory = useCallback((story: Story, start: number, source: string) => {
    running.current?.abort();
    writeStoryParam(undefined);
    setCurrent({ story, problems: [], sceneCount: story.scenes.length, source, start });
  }, []);
  const close = useCallback(() => {
    running.current?.abort();
    writeStoryParam(undefined);
    setCurrent(undefined);
  }, []);

  // A link names the story and maybe its scene: the presentation starts there (a scene past the end: the last).
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const reference = params.get(STORY_PARAM);
    const scene = sceneOfParam(params.get(SCENE_PARAM));
    if (reference)
      load(reference, async (signal) => {
        const loaded = await loadStoryFromUrl(reference, document.baseURI, signal);
        const count = loaded.story?.scenes.length ?? 0;
        return scene > 0 && count > 0 ? { ...loaded, start: Math.min(scene, count - 1) } : loaded;
      });
    return () => running.current?.abort();
  }, [load]);

  return { current, loading, openUrl, openFile, openStory, close };
}
