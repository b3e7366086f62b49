import type { PlayerTimer } from '../../core/story/player.ts';

/** Counts down the kiosk's idle time; every input starts it again. */
export interface IdleTimer {
  /** Someone used the screen: the idle time starts again from now. */
  input(): void;
  /** Stops counting (the component unmounts). */
  dispose(): void;
}

/**
 * Calls `onIdle` once `seconds` have passed without `input()`, then counts again from that moment (so a screen
 * nobody touches resets once per idle period, never in a tight loop). No DOM: the timer is injected, tested in Node.
 */
export function createIdleTimer(seconds: number, timer: PlayerTimer, onIdle: () => void): IdleTimer {
  let handle: unknown;
  let disposed = false;
  const start = () => {
    if (handle !== undefined) timer.clearTimeout(handle);
    handle = timer.setTimeout(() => {
      handle = undefined;
      if (disposed) return;
      start();
      onIdle();
    }, seconds * 1000);
  };
  start();
  return {
    input() {
      if (!disposed) start();
    },
    dispose() {
      disposed = true;
      if (handle !== undefined) timer.clearTimeout(handle);
      handle = undefined;
    },
  };
}
