/**
 * Loading a story: from a same-origin URL (`?story=`, the city's story menu) or from a dropped or chosen
 * `.json` file. Both end in `parseStory` (core), so every way in gives the same validation and problems.
 */
import { errorMessage } from '../../core/errors.ts';
import { isStoryHead, parseStory, STORY_HEAD_BYTES } from '../../core/story/validate.ts';
import type { StoryValidation } from '../../core/story/validate.ts';

/** Largest story file read, bytes: stories are small; a bigger `.json` is surely something else. */
export const MAX_STORY_BYTES = 5 * 1024 * 1024;

/** Why a story could not be read at all (its JSON problems are in `problems` instead). */
export type StoryLoadError =
  /** `?story=` named another origin: refused before any request. */
  | { kind: 'origin'; url: string }
  /** Not a URL the browser can resolve. */
  | { kind: 'url'; url: string }
  | { kind: 'http'; url: string; status: number }
  | { kind: 'network'; url: string; message: string }
  | { kind: 'too-large'; source: string; bytes: number };

/** A loaded (or refused) story: validation result, where it came from, or why it could not be read. */
export interface LoadedStory extends StoryValidation {
  /** The URL as given (or the file name). */
  source: string;
  error?: StoryLoadError;
  /** Scene index (0-based) the presentation starts at; 0 when absent. */
  start?: number;
}

/**
 * Resolves a story reference against the page (`base`, e.g. `document.baseURI`): a relative path or an absolute
 * URL of the page's own origin gives the absolute URL; another origin (or a scheme other than http/https)
 * gives an error and no URL, so no request is ever made to it.
 */
export function resolveStoryUrl(reference: string, base: string): { url?: string; error?: StoryLoadError } {
  let url: URL;
  try {
    url = new URL(reference, base);
  } catch {
    return { error: { kind: 'url', url: reference } };
  }
  const page = new URL(base);
  if (url.origin !== page.origin || !/^https?:$/.test(url.protocol)) {
    return { error: { kind: 'origin', url: reference } };
  }
  return { url: url.href };
}

/** Fetches and validates the story at `reference` (same origin only, see `resolveStoryUrl`). */
export async function loadStoryFromUrl(
  reference: string,
  base: string,
  signal?: AbortSignal,
): Promise<LoadedStory> {
  const refused = (error: StoryLoadError): LoadedStory => ({
    source: reference,
    error,
    problems: [],
    sceneCount: 0,
  });
  const { url, error } = resolveStoryUrl(reference, base);
  if (!url) return refused(error ?? { kind: 'url', url: reference });
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'same-origin' });
  } catch (caught) {
    if (signal?.aborted) throw caught;
    return refused({ kind: 'network', url: reference, message: errorMessage(caught) });
  }
  if (!response.ok) return refused({ kind: 'http', url: reference, status: response.status });
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_STORY_BYTES) return refused({ kind: 'too-large', source: reference, bytes: length });
  const text = await response.text();
  if (text.length > MAX_STORY_BYTES)
    return refused({ kind: 'too-large', source: reference, bytes: text.length });
  return { source: reference, ...parseStory(text, reference) };
}

/** Reads and validates a story file (dropped or chosen). */
export async function loadStoryFromFile(file: File): Promise<LoadedStory> {
  if (file.size > MAX_STORY_BYTES) {
    return {
      source: file.name,
      error: { kind: 'too-large', source: file.name, bytes: file.size },
      problems: [],
      sceneCount: 0,
    };
  }
  return { source: file.name, ...parseStory(await file.text(), file.name) };
}

/** Whether a dropped or chosen file is a story: a `.json` whose start looks like one (not GeoJSON). */
export async function isStoryFile(file: File): Promise<boolean> {
  if (!file.name.toLowerCase().endsWith('.json') || file.size > MAX_STORY_BYTES) return false;
  return isStoryHead(await file.slice(0, STORY_HEAD_BYTES).text());
}

/** Splits dropped or chosen files into stories and everything else (for the import), keeping their order. */
export async function splitStoryFiles(files: readonly File[]): Promise<{ stories: File[]; others: File[] }> {
  const flags = await Promise.all(files.map(isStoryFile));
  return {
    stories: files.filter((_, i) => flags[i]),
    others: files.filter((_, i) => !flags[i]),
  };
}
