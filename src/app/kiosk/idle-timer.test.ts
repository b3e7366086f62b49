import { describe, expect, it } from 'vitest';
import type { PlayerTimer } from '../../core/story/player.ts';
import { createIdleTimer } from './idle-timer.ts';

/** A manual clock: `advance(ms)` runs the callbacks that fall due, in order. */
class FakeClock implements PlayerTimer {
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

describe('createIdleTimer', () => {
  it('fires after the idle time without input, and again one idle time later', () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    createIdleTimer(5, clock, () => fired.push(clock.now));
    clock.advance(4999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([5000]);
    clock.advance(5000);
    expect(fired).toEqual([5000, 10_000]);
  });

  it('starts counting again on every input', () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const idle = createIdleTimer(5, clock, () => fired.push(clock.now));
    clock.advance(4000);
    idle.input();
    clock.advance(4000);
    idle.input();
    clock.advance(4999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([13_000]);
    expect(clock.count).toBe(1); // one timer at a time
  });

  it('stops for good once disposed, inputs included', () => {
    const clock = new FakeClock();
    let fired = 0;
    const idle = createIdleTimer(5, clock, () => (fired += 1));
    idle.dispose();
    idle.input();
    clock.advance(60_000);
    expect(fired).toBe(0);
    expect(clock.count).toBe(0);
  });
});
