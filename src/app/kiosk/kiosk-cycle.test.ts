import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/story/fake-clock.ts';
import { createKioskCycle } from './kiosk-cycle.ts';

function cycle(idleSeconds: number, delaySeconds: number) {
  const clock = new FakeClock();
  const log: string[] = [];
  const kiosk = createKioskCycle(idleSeconds, delaySeconds, clock, {
    reset: () => log.push(`reset@${clock.now / 1000}`),
    attract: () => log.push(`attract@${clock.now / 1000}`),
    stop: () => log.push(`stop@${clock.now / 1000}`),
  });
  return { clock, log, kiosk };
}

describe('createKioskCycle', () => {
  it('resets after the idle time, attracts after the delay, and resets no more while attracting', () => {
    const { clock, log, kiosk } = cycle(120, 10);
    clock.advance(119_000);
    expect(log).toEqual([]);
    clock.advance(11_000);
    expect(log).toEqual(['reset@120', 'attract@130']);
    expect(kiosk.attracting).toBe(true);
    clock.advance(3_600_000);
    expect(log).toEqual(['reset@120', 'attract@130']);
  });

  it('still attracts when the idle time is shorter than the delay', () => {
    const { clock, log } = cycle(5, 10);
    clock.advance(20_000);
    expect(log).toEqual(['reset@5', 'attract@15']);
  });

  it('an input stops the attract loop and starts the idle time again; one during the delay cancels the loop', () => {
    const { clock, log, kiosk } = cycle(5, 10);
    clock.advance(15_000);
    kiosk.input();
    expect(log).toEqual(['reset@5', 'attract@15', 'stop@15']);
    expect(kiosk.attracting).toBe(false);
    clock.advance(8_000); // reset at 20 s, the loop would begin at 30 s
    kiosk.input();
    clock.advance(4_000);
    expect(log).toEqual(['reset@5', 'attract@15', 'stop@15', 'reset@20']);
    clock.advance(1_000);
    expect(log.at(-1)).toBe('reset@28');
  });

  it('does nothing once disposed', () => {
    const { clock, log, kiosk } = cycle(5, 10);
    kiosk.dispose();
    clock.advance(60_000);
    expect(log).toEqual([]);
    expect(clock.count).toBe(0);
  });
});
