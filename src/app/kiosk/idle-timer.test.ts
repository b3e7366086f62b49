import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/story/fake-clock.ts';
import { createIdleTimer } from './idle-timer.ts';

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
