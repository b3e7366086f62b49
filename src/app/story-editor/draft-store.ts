/**
 * Keeps the story being edited across reloads and closed tabs: every change is written shortly after it
 * happens (debounced) and at once when the page is hidden or left.
 *
 * Storage is the Web Storage interface (localStorage in the app), not IndexedDB: its writes are synchronous,
 * so a write made in `pagehide` or `visibilitychange` has finished when the handler returns, whereas an
 * IndexedDB transaction started there may be dropped with the page. A story is a few kilobytes (about 0.5 kB
 * per scene), far below the ~5 MB an origin gets. Platform-free apart from timers: the storage is passed in,
 * and the unit tests run it against an in-memory Storage with a quota.
 */
import { validateStory } from '../../core/story/validate.ts';
import type { Story } from '../../core/story/types.ts';

/** The part of the Web Storage interface (`localStorage`) the draft store uses. */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Options of `DraftStore`. */
export interface DraftStoreOptions {
  /** Storage key of the draft. */
  key?: string;
  /** Milliseconds a change waits for the next one before it is written (at most 300, see the issue). */
  debounceMs?: number;
}

export const DRAFT_STORE_DEFAULTS: Required<DraftStoreOptions> = {
  key: 'stadtmodell.story-draft.v1',
  debounceMs: 250,
};

/**
 * Why the draft could not be kept or read: no storage at all (blocked, private mode), the storage is full,
 * another write failure, or a stored draft that is not a readable story.
 */
export type DraftProblem = 'unavailable' | 'quota' | 'failed' | 'unreadable';

/** A draft as read back. */
export interface StoredDraft {
  story: Story;
  /** When it was written, milliseconds since 1970 (UTC). */
  savedAt: number;
}

/** The stored form: a marker, so a foreign value under the key is recognised as such. */
interface DraftEnvelope {
  format: 'stadtmodell-story-draft';
  savedAt: number;
  story: Story;
}

/** True for the errors browsers throw when a storage quota is exceeded (names differ between engines). */
function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22;
}

/**
 * The draft of one editor. `save` schedules a write; `flush` writes a pending one now; `problem` reports the
 * state after each attempt (undefined once a write succeeds again), so the editor can say so and carry on.
 */
export class DraftStore {
  private readonly options: Required<DraftStoreOptions>;
  private pending: Story | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param storage Where the draft lives; undefined when the browser gives no storage (then every save
   *   reports 'unavailable' and nothing else happens).
   * @param onProblem Called after every write attempt and on `load`, with the problem or undefined.
   */
  constructor(
    private readonly storage: DraftStorage | undefined,
    private readonly onProblem: (problem: DraftProblem | undefined) => void,
    options: DraftStoreOptions = {},
  ) {
    this.options = {
      key: options.key ?? DRAFT_STORE_DEFAULTS.key,
      debounceMs: Math.min(300, options.debounceMs ?? DRAFT_STORE_DEFAULTS.debounceMs),
    };
  }

  /** Reads the stored draft: undefined when there is none or it is unreadable (then `onProblem` says which). */
  load(): StoredDraft | undefined {
    if (!this.storage) {
      this.onProblem('unavailable');
      return undefined;
    }
    let text: string | null;
    try {
      text = this.storage.getItem(this.options.key);
    } catch {
      this.onProblem('unavailable');
      return undefined;
    }
    if (text === null) return undefined;
    try {
      const envelope = JSON.parse(text) as Partial<DraftEnvelope> | null;
      if (envelope?.format !== 'stadtmodell-story-draft' || typeof envelope.savedAt !== 'number') {
        throw new Error('not a draft');
      }
      const { story } = validateStory(envelope.story, 'draft');
      if (!story) throw new Error('not a story');
      // Scenes that fail validation are dropped by validateStory; a draft is our own output, so keep them all.
      return { story: envelope.story as Story, savedAt: envelope.savedAt };
    } catch {
      this.onProblem('unreadable');
      return undefined;
    }
  }

  /** Schedules `story` to be written after `debounceMs` without a further change. */
  save(story: Story): void {
    this.pending = story;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.debounceMs);
  }

  /** Writes a pending change now (page hidden or left); true when nothing is left unwritten. */
  flush(): boolean {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const story = this.pending;
    if (story === undefined) return true;
    this.pending = undefined;
    return this.write(story);
  }

  /** Removes the draft (and any pending write). */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    try {
      this.storage?.removeItem(this.options.key);
    } catch {
      // Nothing stored that could be removed: nothing to report either.
    }
  }

  private write(story: Story): boolean {
    if (!this.storage) {
      this.onProblem('unavailable');
      return false;
    }
    const envelope: DraftEnvelope = { format: 'stadtmodell-story-draft', savedAt: Date.now(), story };
    try {
      this.storage.setItem(this.options.key, JSON.stringify(envelope));
    } catch (error) {
      this.onProblem(isQuotaError(error) ? 'quota' : 'failed');
      return false;
    }
    this.onProblem(undefined);
    return true;
  }
}

/** The page's localStorage, or undefined where reading it throws (blocked storage, some private modes). */
export function browserStorage(): DraftStorage | undefined {
  try {
    return (globalThis as { localStorage?: DraftStorage }).localStorage ?? undefined;
  } catch {
    return undefined;
  }
}
