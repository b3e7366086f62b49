/**
 * The story player as a plain state machine: which scene is current, black screen, autoplay with each
 * scene's dwell time and loop, pausing on any input. No React, no Cesium, no DOM: time comes from an injected
 * timer, so it is tested in Node and shared by the presentation mode and the presenter window.
 *
 * Autoplay counts a scene's dwell time from the moment the scene has arrived (`arrived(index)`: camera flight
 * done and tiles loaded), so a slow flight never eats into the time a scene is shown.
 */

/** Timer functions (milliseconds), e.g. `globalThis`'s setTimeout/clearTimeout or a fake in tests. */
export interface PlayerTimer {
  setTimeout(callback: () => void, milliseconds: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StoryPlayerOptions {
  /** Seconds a scene without `dwellSeconds` stays in autoplay. */
  defaultDwellSeconds?: number;
  /** Whether autoplay goes from the last scene back to the first (a foyer screen) or stops there. */
  loop?: boolean;
  /** Whether autoplay is on from the start (a kiosk's attract loop) rather than started by the audience. */
  autoplay?: boolean;
}

export const STORY_PLAYER_DEFAULTS: Required<StoryPlayerOptions> = {
  defaultDwellSeconds: 10,
  loop: true,
  autoplay: false,
};

/** The player's state; a new object after every change (compare by identity). */
export interface StoryPlayerState {
  /** Current scene, 0-based; 0 for an empty story. */
  index: number;
  /** Number of scenes. */
  count: number;
  /** Black screen (B or . as in PowerPoint): the view is hidden, the scene stays. */
  black: boolean;
  /** Autoplay is on (it advances once the current scene has arrived and its dwell time is over). */
  autoplay: boolean;
  loop: boolean;
  /** Index of the scene that has arrived last (-1 while none has): autoplay counts from its arrival. */
  arrivedIndex: number;
}

/** What a key or button asks of the player. */
export type PlayerAction = 'next' | 'previous' | 'first' | 'last' | 'black' | 'autoplay' | 'leave';

/**
 * The action of a keyboard key (`KeyboardEvent.key`) in presentation mode: PageDown, →, Space and Enter go
 * on; PageUp and ← go back; Home and End jump; B and . black the screen; Escape leaves. Undefined for other
 * keys (they only pause autoplay).
 */
export function playerActionOfKey(key: string): PlayerAction | undefined {
  switch (key) {
    case 'PageDown':
    case 'ArrowRight':
    case ' ':
    case 'Spacebar':
    case 'Enter':
      return 'next';
    case 'PageUp':
    case 'ArrowLeft':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'b':
    case 'B':
    case '.':
      return 'black';
    case 'Escape':
      return 'leave';
    default:
      return undefined;
  }
}

/** Per-scene dwell times in seconds (undefined: the player's default). */
export type DwellTimes = readonly (number | undefined)[];

/**
 * The state machine. Listeners run after each change. `dispose()` stops the autoplay timer. Navigation while
 * the screen is black only ends the black screen (as PowerPoint does); the scene stays.
 */
export class StoryPlayer {
  private current: StoryPlayerState;
  private readonly listeners = new Set<(state: StoryPlayerState) => void>();
  private readonly options: Required<StoryPlayerOptions>;
  private timer: unknown;
  private timerSet = false;

  constructor(
    private dwellTimes: DwellTimes,
    private readonly clock: PlayerTimer,
    options: StoryPlayerOptions = {},
    start = 0,
  ) {
    this.options = { ...STORY_PLAYER_DEFAULTS };
    for (const [key, value] of Object.entries(options)) {
      if (value !== undefined) Object.assign(this.options, { [key]: value });
    }
    const count = dwellTimes.length;
    this.current = {
      index: clampIndex(start, count),
      count,
      black: false,
      autoplay: this.options.autoplay,
      loop: this.options.loop,
      arrivedIndex: -1,
    };
  }

  get state(): StoryPlayerState {
    return this.current;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (state: StoryPlayerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Seconds scene `index` stays in autoplay. */
  dwellSeconds(index: number): number {
    return this.dwellTimes[index] ?? this.options.defaultDwellSeconds;
  }

  /** Replaces the scenes' dwell times (a story edited while shown); the index is kept within the new count. */
  setScenes(dwellTimes: DwellTimes): void {
    this.dwellTimes = dwellTimes;
    const count = dwellTimes.length;
    this.update({ count, index: clampIndex(this.current.index, count), arrivedIndex: -1 });
  }

  next(): void {
    this.navigate(() => {
      const { index, count, loop, autoplay } = this.current;
      if (index + 1 < count) return index + 1;
      return loop && autoplay ? 0 : index;
    });
  }

  previous(): void {
    this.navigate(() => Math.max(0, this.current.index - 1));
  }

  first(): void {
    this.navigate(() => 0);
  }

  last(): void {
    this.navigate(() => Math.max(0, this.current.count - 1));
  }

  /** Shows scene `index` (clamped to the scenes). */
  goTo(index: number): void {
    this.navigate(() => clampIndex(index, this.current.count));
  }

  /** Turns the black screen on or off (toggles without an argument). */
  setBlack(black = !this.current.black): void {
    this.update({ black });
  }

  /** Turns autoplay on or off (toggles without an argument). */
  setAutoplay(on = !this.current.autoplay): void {
    this.update({ autoplay: on, black: on ? false : this.current.black });
  }

  setLoop(loop: boolean): void {
    this.update({ loop });
  }

  /** Any input from the audience or the speaker (key, pointer, wheel) pauses autoplay. */
  input(): void {
    if (this.current.autoplay) this.update({ autoplay: false });
  }

  /** Applies a key or button action; 'leave' is the caller's to handle (it changes no state). */
  act(action: PlayerAction): void {
    switch (action) {
      case 'next':
        return this.next();
      case 'previous':
        return this.previous();
      case 'first':
        return this.first();
      case 'last':
        return this.last();
      case 'black':
        return this.setBlack();
      case 'autoplay':
        return this.setAutoplay();
      case 'leave':
        return;
    }
  }

  /** The app reports that scene `index` has arrived (flight over, tiles loaded): autoplay counts from now. */
  arrived(index: number): void {
    if (index !== this.current.index) return; // a late report of a scene already left
    this.update({ arrivedIndex: index });
  }

  /** Stops the autoplay timer and forgets the listeners. */
  dispose(): void {
    this.clearTimer();
    this.listeners.clear();
  }

  private navigate(target: () => number): void {
    if (this.current.black) {
      this.update({ black: false });
      return;
    }
    const index = target();
    if (index !== this.current.index) this.update({ index, arrivedIndex: -1 });
  }

  private update(patch: Partial<StoryPlayerState>): void {
    const next = { ...this.current, ...patch };
    const changed = (Object.keys(patch) as (keyof StoryPlayerState)[]).some(
      (key) => next[key] !== this.current[key],
    );
    if (!changed) return;
    this.current = next;
    this.schedule();
    for (const listener of [...this.listeners]) listener(next);
  }

  /** Runs the dwell timer exactly while autoplay is on, the screen is lit and the current scene has arrived. */
  private schedule(): void {
    this.clearTimer();
    const { autoplay, black, arrivedIndex, index, count } = this.current;
    if (!autoplay || black || arrivedIndex !== index || count < 2) return;
    const atEnd = index + 1 >= count && !this.current.loop;
    if (atEnd) return;
    this.timerSet = true;
    this.timer = this.clock.setTimeout(
      () => {
        this.timerSet = false;
        this.next();
      },
      this.dwellSeconds(index) * 1000,
    );
  }

  private clearTimer(): void {
    if (this.timerSet) this.clock.clearTimeout(this.timer);
    this.timerSet = false;
  }
}

function clampIndex(index: number, count: number): number {
  if (count <= 0 || !Number.isFinite(index)) return 0;
  return Math.min(count - 1, Math.max(0, Math.trunc(index)));
}
