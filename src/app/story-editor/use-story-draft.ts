import { useCallback, useEffect, useRef, useState } from 'react';
import type { Story } from '../../core/story/types.ts';
import { DraftStore, browserStorage } from './draft-store.ts';
import type { DraftProblem, DraftStorage, StoredDraft } from './draft-store.ts';
import { editStory, emptyStory } from './editing.ts';
import type { StoryEdit } from './editing.ts';

/** The story being edited, kept in the browser's storage as it changes. */
export interface StoryDraft {
  story: Story;
  edit(edit: StoryEdit): void;
  /** The draft read back when the editor opened (for the "draft restored" note), if there was one. */
  restored?: StoredDraft;
  /** Why the draft is not being kept (the editor says so and editing goes on); undefined while all is well. */
  problem?: DraftProblem;
}

/**
 * The editor's story: restored from storage when the editor mounts, written after every change (debounced by
 * `DraftStore`) and at once when the page is hidden or left, so closing the tab mid-edit loses nothing.
 */
export function useStoryDraft(storage: DraftStorage | undefined = browserStorage()): StoryDraft {
  const [problem, setProblem] = useState<DraftProblem | undefined>();
  // The store reports into whatever setter is current; load() runs before the first render has one.
  const report = useRef<(problem: DraftProblem | undefined) => void>(() => {});
  const [{ store, restored, loadProblem }] = useState(() => {
    let loadProblem: DraftProblem | undefined;
    const store = new DraftStore(storage, (p) => report.current(p));
    report.current = (p) => (loadProblem = p);
    const restored = store.load();
    return { store, restored, loadProblem };
  });
  const [story, setStory] = useState<Story>(() => restored?.story ?? emptyStory());
  const written = useRef<Story>(story);

  useEffect(() => {
    report.current = setProblem;
    if (loadProblem) setProblem(loadProblem);
  }, [loadProblem]);

  useEffect(() => {
    if (written.current === story) return;
    written.current = story;
    store.save(story);
  }, [store, story]);

  useEffect(() => {
    const flush = () => store.flush();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      flush();
    };
  }, [store]);

  const edit = useCallback((change: StoryEdit) => setStory((current) => editStory(current, change)), []);
  return { story, edit, restored, problem };
}
