import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Story } from '../../core/story/types.ts';
import { DRAFT_STORE_DEFAULTS, DraftStore } from './draft-store.ts';
import type { DraftProblem, DraftStorage } from './draft-store.ts';

/** An in-memory Web Storage with a quota in characters, throwing what browsers throw when it is exceeded. */
class MemoryStorage implements DraftStorage {
  readonly items = new Map<string, string>();
  writes = 0;
  constructor(private readonly quota = Infinity) {}
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    let used = key.length + value.length;
    for (const [k, v] of this.items) if (k !== key) used += k.length + v.length;
    if (used > this.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, value);
    this.writes += 1;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const camera = { longitude: 7.1, latitude: 50.7, height: 400, heading: 10, pitch: -30, roll: 0 };
const story = (title: string, scenes = 1): Story => ({
  version: 1,
  title,
  scenes: Array.from({ length: scenes }, (_, i) => ({ title: `S${i + 1}`, camera, notes: 'Notiz' })),
});

describe('DraftStore', () => {
  let problems: (DraftProblem | undefined)[];
  const report = (problem: DraftProblem | undefined) => problems.push(problem);

  beforeEach(() => {
    problems = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes once after a burst of changes, within the debounce time, and reads it back', () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage, report);
    store.save(story('a'));
    vi.advanceTimersByTime(100);
    store.save(story('ab'));
    vi.advanceTimersByTime(100);
    store.save(story('abc'));
    expect(storage.writes).toBe(0);
    vi.advanceTimersByTime(DRAFT_STORE_DEFAULTS.debounceMs);
    expect(storage.writes).toBe(1);
    expect(problems).toEqual([undefined]);
    const draft = new DraftStore(storage, report).load();
    expect(draft?.story).toEqual(story('abc'));
    expect(draft?.savedAt).toBe(Date.now());
  });

  it('never waits longer than 300 ms', () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage, report, { debounceMs: 5000 });
    store.save(story('a'));
    vi.advanceTimersByTime(300);
    expect(storage.writes).toBe(1);
  });

  it('flush writes a pending change at once (page hidden) and only once', () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage, report);
    expect(store.flush()).toBe(true); // nothing pending
    store.save(story('closing'));
    expect(store.flush()).toBe(true);
    expect(storage.writes).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(storage.writes).toBe(1);
    expect(new DraftStore(storage, report).load()?.story.title).toBe('closing');
  });

  it('reports a full storage, keeps editing possible and recovers when space is back', () => {
    const storage = new MemoryStorage(400);
    const store = new DraftStore(storage, report);
    store.save(story('klein'));
    store.flush();
    store.save(story('groß', 20));
    expect(store.flush()).toBe(false);
    expect(problems).toEqual([undefined, 'quota']);
    // The last good draft is still there.
    expect(new DraftStore(storage, report).load()?.story.title).toBe('klein');
    store.save(story('wieder klein'));
    store.flush();
    expect(problems.at(-1)).toBeUndefined();
  });

  it('reports storage that throws on every access (private mode) and no storage at all', () => {
    const throwing: DraftStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    const store = new DraftStore(throwing, report);
    expect(store.load()).toBeUndefined();
    store.save(story('x'));
    expect(store.flush()).toBe(false);
    store.clear();
    expect(problems).toEqual(['unavailable', 'failed']);
    const none = new DraftStore(undefined, report);
    none.save(story('x'));
    vi.advanceTimersByTime(300);
    expect(problems.at(-1)).toBe('unavailable');
  });

  it('calls a foreign or broken value under its key unreadable and returns no draft', () => {
    for (const value of [
      '{not json',
      '{"format":"other"}',
      JSON.stringify({ format: 'stadtmodell-story-draft', savedAt: 1, story: { version: 9 } }),
    ]) {
      const storage = new MemoryStorage();
      storage.setItem(DRAFT_STORE_DEFAULTS.key, value);
      problems = [];
      expect(new DraftStore(storage, report).load(), value).toBeUndefined();
      expect(problems).toEqual(['unreadable']);
    }
  });

  it('clear removes the draft and a pending write', () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage, report);
    store.save(story('a'));
    store.flush();
    store.save(story('b'));
    store.clear();
    vi.advanceTimersByTime(1000);
    expect(new DraftStore(storage, report).load()).toBeUndefined();
  });
});
