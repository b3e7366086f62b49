import type { PlayerTimer } from '../../core/story/player.ts';
import { createIdleTimer } from './idle-timer.ts';

/** What the kiosk cycle does at each step; the hook wires these to the app. */
export interface KioskCycleActions {
  /** Nobody used the screen for the idle time: put the app back to the start. */
  reset(): void;
  /** The start view has been shown for the delay: begin the attract loop (story or orbit). */
  attract(): void;
  /** Someone touched the screen during the attract loop: stop it. */
  stop(): void;
}

/** The kiosk's cycle: input keeps it active; idle resets, then attracts until the next input. */
export interface KioskCycle {
  /** Someone used the screen. */
  input(): void;
  /** Whether the attract loop is running now. */
  readonly attracting: boolean;
  dispose(): void;
}

/**
 * The kiosk's cycle as a small state machine (no DOM; the timer is injected, tested in Node): after `idleSeconds`
 * without input it calls `reset`, and `attractDelaySeconds` later `attract`. While it waits for the attract loop,
 * or while that loop runs, further idle periods change nothing (a reset every idle period would restart the wait,
 * and with an idle time shorter than the delay the loop would never begin). Any input cancels the wait, calls
 * `stop` if the loop runs, and starts the idle time again.
 */
export function createKioskCycle(
  idleSeconds: number,
  attractDelaySeconds: number,
  timer: PlayerTimer,
  actions: KioskCycleActions,
): KioskCycle {
  let delay: unknown;
  let attracting = false;
  const cancelDelay = () => {
    if (delay !== undefined) timer.clearTimeout(delay);
    delay = undefined;
  };
  const idle = createIdleTimer(idleSeconds, timer, () => {
    if (attracting || delay !== undefined) return;
    actions.reset();
    delay = timer.setTimeout(() => {
      delay = undefined;
      attracting = true;
      actions.attract();
    }, attractDelaySeconds * 1000);
  });
  return {
    input() {
      idle.input();
      cancelDelay();
      if (attracting) {
        attracting = false;
        actions.stop();
      }
    },
    get attracting() {
      return attracting;
    },
    dispose() {
      idle.dispose();
      cancelDelay();
    },
  };
}
