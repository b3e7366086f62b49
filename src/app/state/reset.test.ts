import { describe, expect, it } from 'vitest';
import { createAppReset } from './reset.ts';

describe('createAppReset', () => {
  it('runs every subscriber once per reset, in subscription order, and counts resets', () => {
    const reset = createAppReset();
    const calls: string[] = [];
    reset.subscribe(() => calls.push('panels'));
    reset.subscribe(() => calls.push('sketches'));
    expect(reset.count).toBe(0);
    reset.resetApp();
    reset.resetApp();
    expect(calls).toEqual(['panels', 'sketches', 'panels', 'sketches']);
    expect(reset.count).toBe(2);
  });

  it('stops calling a subscriber once it unsubscribed, and keeps a function subscribed twice apart', () => {
    const reset = createAppReset();
    let calls = 0;
    const listener = () => (calls += 1);
    const first = reset.subscribe(listener);
    reset.subscribe(listener); // StrictMode subscribes, unsubscribes and subscribes again
    first();
    reset.resetApp();
    expect(calls).toBe(1);
  });

  it('runs the other subscribers when one throws, then rethrows its error', () => {
    const reset = createAppReset();
    const calls: string[] = [];
    reset.subscribe(() => {
      throw new Error('sketch layer gone');
    });
    reset.subscribe(() => calls.push('camera'));
    expect(() => reset.resetApp()).toThrow('sketch layer gone');
    expect(calls).toEqual(['camera']);
  });
});
