import { useCallback, useRef } from 'react';
import { splitStoryFiles } from './load-story.ts';

/**
 * Wraps the import's `add` for dropped or chosen files: story files (`.json` that look like a story, see
 * `isStoryFile`) open as a story, everything else goes to the import as before. With several stories the last
 * one opens.
 */
export function useStoryFiles(
  addToImport: (files: File[]) => void,
  openStoryFile: (file: File) => void,
): (files: File[]) => void {
  const latest = useRef({ addToImport, openStoryFile });
  latest.current = { addToImport, openStoryFile };
  return useCallback((files: File[]) => {
    void splitStoryFiles(files).then(({ stories, others }) => {
      if (others.length > 0) latest.current.addToImport(others);
      const story = stories[stories.length - 1];
      if (story) latest.current.openStoryFile(story);
    });
  }, []);
}
