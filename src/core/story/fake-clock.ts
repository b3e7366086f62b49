/**
 * For tests: a manual clock standing in for `setTimeout`/`clearTimeout` (the story player's, the kiosk's
 * timers), so a test runs minutes of waiting at once and in a fixed order. Milliseconds.
 */
import type { PlayerTimer } from './player.ts';

/** A manual clock: `advance(ms)` runs the callbacks that fall due, in order. */
export class FakeClock implements PlayerTimer {
  now = 0;
  private pending = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  setTimeout(callback: () => void, milliseconds: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + milliseconds, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get count(): number {
    return this.pending.size;
  }
  advance(milliseconds: number): void {
    const end = this.now + milliseconds;
    for (;;) {
      const due = [...this.pending].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = end;
  }
}
