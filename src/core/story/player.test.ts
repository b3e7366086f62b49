import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.ts';
import { playerActionOfKey, StoryPlayer, STORY_PLAYER_DEFAULTS } from './player.ts';
import type { StoryPlayerState } from './player.ts';

function player(dwell: (number | undefined)[] = [5, 5, 5], options = {}, start = 0) {
  const clock = new FakeClock();
  const p = new StoryPlayer(dwell, clock, options, start);
  const seen: StoryPlayerState[] = [];
  p.subscribe((s) => seen.push(s));
  return { p, clock, seen };
}

describe('StoryPlayer navigation', () => {
  it('steps forward and back within the scenes and jumps to first and last', () => {
    const { p, seen } = player([1, 1, 1, 1]);
    expect(p.state.index).toBe(0);
    p.previous();
    expect(p.state.index).toBe(0);
    expect(seen).toHaveLength(0); // nothing changed, nobody told
    p.next();
    p.next();
    expect(p.state.index).toBe(2);
    p.previous();
    expect(p.state.index).toBe(1);
    p.last();
    expect(p.state.index).toBe(3);
    p.next();
    expect(p.state.index).toBe(3); // no wrap by hand
    p.first();
    expect(p.state.index).toBe(0);
    p.goTo(99);
    expect(p.state.index).toBe(3);
    p.goTo(-2);
    expect(p.state.index).toBe(0);
    expect(seen.map((s) => s.index)).toEqual([1, 2, 1, 3, 0, 3, 0]);
  });

  it('starts at a given scene, clamped', () => {
    expect(player([1, 1], {}, 1).p.state.index).toBe(1);
    expect(player([1, 1], {}, 7).p.state.index).toBe(1);
    expect(player([], {}, 3).p.state).toMatchObject({ index: 0, count: 0 });
  });

  it('black screen toggles, and navigating while black only lights the screen again', () => {
    const { p } = player();
    p.next();
    p.act('black');
    expect(p.state).toMatchObject({ black: true, index: 1 });
    p.act('next');
    expect(p.state).toMatchObject({ black: false, index: 1 });
    p.act('black');
    p.act('black');
    expect(p.state.black).toBe(false);
    p.act('leave'); // the caller's business
    expect(p.state).toMatchObject({ black: false, index: 1 });
  });

  it('keeps the index within a new scene list', () => {
    const { p } = player([1, 1, 1]);
    p.last();
    p.setScenes([1]);
    expect(p.state).toMatchObject({ index: 0, count: 1 });
  });
});

describe('StoryPlayer autoplay', () => {
  it('waits for the scene to arrive, then for its dwell time, and loops', () => {
    const { p, clock } = player([2, undefined, 3]);
    p.setAutoplay(true);
    clock.advance(60_000);
    expect(p.state.index).toBe(0); // not arrived yet: no timer
    p.arrived(0);
    clock.advance(1999);
    expect(p.state.index).toBe(0);
    clock.advance(1);
    expect(p.state.index).toBe(1);
    p.arrived(1);
    clock.advance(STORY_PLAYER_DEFAULTS.defaultDwellSeconds * 1000 - 1);
    expect(p.state.index).toBe(1);
    clock.advance(1);
    expect(p.state.index).toBe(2);
    p.arrived(2);
    clock.advance(3000);
    expect(p.state.index).toBe(0); // loop
    expect(p.state.autoplay).toBe(true);
  });

  it('starts in autoplay when asked (the kiosk attract loop) and loops until an input pauses it', () => {
    const { p, clock } = player([1, 1], { autoplay: true });
    expect(p.state.autoplay).toBe(true);
    p.arrived(0);
    clock.advance(1000);
    expect(p.state.index).toBe(1);
    p.arrived(1);
    clock.advance(1000);
    expect(p.state.index).toBe(0);
    p.input();
    expect(p.state.autoplay).toBe(false);
    expect(player([1, 1]).p.state.autoplay).toBe(false); // the default: the audience starts it
  });

  it('stops at the last scene without loop', () => {
    const { p, clock } = player([1, 1], { loop: false });
    p.setAutoplay(true);
    p.arrived(0);
    clock.advance(1000);
    expect(p.state.index).toBe(1);
    p.arrived(1);
    clock.advance(10_000);
    expect(p.state.index).toBe(1);
    expect(clock.count).toBe(0);
  });

  it('pauses on any input and on black screen, and ignores a late arrival of a scene already left', () => {
    const { p, clock } = player([1, 1, 1]);
    p.setAutoplay(true);
    p.arrived(0);
    p.input();
    expect(p.state.autoplay).toBe(false);
    clock.advance(5000);
    expect(p.state.index).toBe(0);
    expect(clock.count).toBe(0);

    p.setAutoplay(true); // arrived already: the dwell time starts now
    p.setBlack(true);
    clock.advance(5000);
    expect(p.state.index).toBe(0);
    p.setBlack(false);
    clock.advance(1000);
    expect(p.state.index).toBe(1);
    p.arrived(0); // too late, scene 1 is current
    clock.advance(5000);
    expect(p.state.index).toBe(1);
  });

  it('turning autoplay on lights a black screen; a hand step restarts the wait for arrival', () => {
    const { p, clock } = player([1, 1, 1]);
    p.setBlack(true);
    p.setAutoplay();
    expect(p.state).toMatchObject({ autoplay: true, black: false });
    p.arrived(0);
    p.next(); // step by hand while autoplay: waits for scene 1 to arrive
    clock.advance(5000);
    expect(p.state.index).toBe(1);
    p.arrived(1);
    clock.advance(1000);
    expect(p.state.index).toBe(2);
  });

  it('dispose stops the timer', () => {
    const { p, clock } = player([1, 1]);
    p.setAutoplay(true);
    p.arrived(0);
    p.dispose();
    clock.advance(5000);
    expect(p.state.index).toBe(0);
  });

  it('does nothing with a single scene', () => {
    const { p, clock } = player([1]);
    p.setAutoplay(true);
    p.arrived(0);
    expect(clock.count).toBe(0);
  });
});

describe('playerActionOfKey', () => {
  it('maps the presentation keys', () => {
    const keys: [string, string | undefined][] = [
      ['PageDown', 'next'],
      ['ArrowRight', 'next'],
      [' ', 'next'],
      ['Enter', 'next'],
      ['PageUp', 'previous'],
      ['ArrowLeft', 'previous'],
      ['Home', 'first'],
      ['End', 'last'],
      ['b', 'black'],
      ['B', 'black'],
      ['.', 'black'],
      ['Escape', 'leave'],
      ['a', undefined],
      ['ArrowUp', undefined],
    ];
    for (const [key, action] of keys) expect(playerActionOfKey(key), key).toBe(action);
  });
});
