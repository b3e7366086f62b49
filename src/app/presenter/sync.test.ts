import { BroadcastChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_PICTURE_CHARS,
  PRESENTATION_CHANNEL,
  PresentationLink,
  isPresentationMessage,
  isScenePicture,
  outlineOf,
  storyIdOf,
} from './sync.ts';
import type { PresentationChannel, PresentationRole, PresentationState } from './sync.ts';

const story = {
  version: 1,
  title: 'Rundgang',
  scenes: [{ title: 'Rathaus', notes: 'Begrüßung' }, { title: 'Markt' }, { title: 'Hafen', notes: 'Fragen' }],
};
const outline = outlineOf(story);
const storyId = storyIdOf(story);

/** Real BroadcastChannels (Node's), one per window, closed after each test. */
const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});

/** A window: its link and every state a message brought it. */
function openWindow(role: PresentationRole, now: () => number = Date.now) {
  const channel = new BroadcastChannel(PRESENTATION_CHANNEL);
  channels.push(channel);
  const changes: PresentationState[] = [];
  // Node's BroadcastChannel delivers MessageEvents like the browser's; its typings name only Event.
  const link = new PresentationLink(
    channel as unknown as PresentationChannel,
    role,
    (state) => changes.push(state),
    now,
  );
  return { link, changes, close: () => (link.close(), channel.close()) };
}

/** Lets queued channel messages (and the answers they cause) arrive. */
async function settle(): Promise<void> {
  for (let i = 0; i < 6; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('PresentationLink over BroadcastChannel', () => {
  it('a presenter opened after the audience catches up with hello', async () => {
    const audience = openWindow('audience');
    audience.link.present(storyId, outline, 0);
    audience.link.go(2);
    const presenter = openWindow('presenter');
    expect(presenter.link.state).toBeUndefined();
    presenter.link.hello();
    await settle();
    expect(presenter.link.state?.index).toBe(2);
    expect(presenter.link.state?.outline.scenes[2]).toEqual({ title: 'Hafen', notes: 'Fragen' });
    expect(presenter.link.state?.startedAt).toBe(audience.link.state?.startedAt);
  });

  it('follows navigation in both directions', async () => {
    const audience = openWindow('audience');
    const presenter = openWindow('presenter');
    audience.link.present(storyId, outline, 0);
    presenter.link.hello();
    await settle();
    audience.link.present(storyId, outline, 1); // a key press in the audience window
    await settle();
    expect(presenter.link.state?.index).toBe(1);
    presenter.link.go(2); // "next" in the presenter
    await settle();
    expect(audience.changes.map((s) => s.index)).toEqual([2]);
    expect(audience.link.state?.index).toBe(2);
    presenter.link.go(5); // clamped to the last scene: no change
    await settle();
    expect(audience.link.state?.index).toBe(2);
  });

  it('blacks the audience screen from either window, and tells the presenter', async () => {
    const audience = openWindow('audience');
    const presenter = openWindow('presenter');
    audience.link.present(storyId, outline, 1);
    presenter.link.hello();
    await settle();
    expect(presenter.link.state?.black).toBe(false);
    audience.link.present(storyId, outline, 1, true); // B in the audience window
    await settle();
    expect(presenter.changes.at(-1)?.black).toBe(true);
    presenter.link.setBlack(false); // B in the presenter window
    await settle();
    expect(audience.changes.at(-1)).toMatchObject({ index: 1, black: false });
    presenter.link.setBlack(false); // no change: nothing sent
    await settle();
    expect(audience.changes).toHaveLength(1);
  });

  it('an audience window that leaves the story sends the presenter back to waiting', async () => {
    const audience = openWindow('audience');
    const presenter = openWindow('presenter');
    let ended = 0;
    presenter.link.onEnd = () => (ended += 1);
    audience.link.present(storyId, outline, 2);
    presenter.link.hello();
    await settle();
    expect(presenter.link.state?.index).toBe(2);
    audience.link.end();
    await settle();
    expect(presenter.link.state).toBeUndefined();
    expect(ended).toBe(1);
    expect(audience.link.state).toBeUndefined();
    // The next story is followed again.
    audience.link.present(storyId, outline, 0);
    await settle();
    expect(presenter.link.state?.index).toBe(0);
  });

  it('a reloaded audience window takes the presenter’s place and start time', async () => {
    const first = openWindow('audience');
    const presenter = openWindow('presenter');
    first.link.present(storyId, outline, 0);
    presenter.link.hello();
    await settle();
    presenter.link.go(1);
    await settle();
    const startedAt = presenter.link.state!.startedAt;
    first.close();
    // The reloaded window starts at scene 0 (its URL) and says hello.
    const reloaded = openWindow('audience', () => startedAt + 60_000);
    reloaded.link.present(storyId, outline, 0);
    reloaded.link.hello();
    await settle();
    expect(reloaded.link.state).toMatchObject({ index: 1, startedAt });
    expect(reloaded.changes).toHaveLength(1);
    expect(presenter.link.state?.index).toBe(1);
  });

  it('a reloaded presenter catches up, and a new story in the audience replaces the old one', async () => {
    const audience = openWindow('audience');
    audience.link.present(storyId, outline, 0);
    audience.link.go(1);
    const presenter = openWindow('presenter');
    presenter.link.hello();
    await settle();
    presenter.close();
    const again = openWindow('presenter');
    again.link.hello();
    await settle();
    expect(again.link.state?.index).toBe(1);
    const other = { title: 'Anderes', scenes: [{ title: 'Eins' }] };
    audience.link.present(storyIdOf(other), outlineOf(other), 0);
    await settle();
    expect(again.link.state?.outline.title).toBe('Anderes');
    // A presenter still on the old story cannot move the audience to it.
    const stale = openWindow('presenter');
    stale.link.hello();
    await settle();
    expect(stale.link.state?.outline.title).toBe('Anderes');
  });

  it('answers an older state with its own, so both settle on the newest', async () => {
    let clock = 1000;
    const audience = openWindow('audience', () => clock);
    const presenter = openWindow('presenter', () => clock);
    audience.link.present(storyId, outline, 0);
    presenter.link.hello();
    await settle();
    // Both navigate before hearing of the other; the later one wins in both windows.
    clock = 2000;
    audience.link.go(1);
    clock = 3000;
    presenter.link.go(2);
    await settle();
    expect(audience.link.state?.index).toBe(2);
    expect(presenter.link.state?.index).toBe(2);
  });

  it('ignores malformed messages and its own role', async () => {
    const presenter = openWindow('presenter');
    const stranger = new BroadcastChannel(PRESENTATION_CHANNEL);
    channels.push(stranger);
    stranger.postMessage({ type: 'state', from: 'audience', state: { storyId: 1 } });
    stranger.postMessage('<img src=x>');
    stranger.postMessage({
      type: 'state',
      from: 'presenter',
      state: { storyId, outline, index: 1, startedAt: 0, changedAt: 5 },
    });
    await settle();
    expect(presenter.link.state).toBeUndefined();
    expect(presenter.changes).toEqual([]);
  });
});

describe('isPresentationMessage', () => {
  it('accepts the protocol and refuses anything else', () => {
    const state = { storyId, outline, index: 0, startedAt: 1, changedAt: 0 };
    expect(isPresentationMessage({ type: 'hello', from: 'presenter' })).toBe(true);
    expect(isPresentationMessage({ type: 'state', from: 'audience', state })).toBe(true);
    expect(isPresentationMessage({ type: 'state', from: 'audience', state: { ...state, index: -1 } })).toBe(
      false,
    );
    expect(
      isPresentationMessage({
        type: 'state',
        from: 'audience',
        state: { ...state, outline: { title: 't' } },
      }),
    ).toBe(false);
    expect(isPresentationMessage({ type: 'go', from: 'audience' })).toBe(false);
    expect(isPresentationMessage({ type: 'state', from: 'audience', state: { ...state, black: true } })).toBe(
      true,
    );
    expect(
      isPresentationMessage({ type: 'state', from: 'audience', state: { ...state, black: 'yes' } }),
    ).toBe(false);
    expect(isPresentationMessage({ type: 'end', from: 'audience', storyId })).toBe(true);
    expect(isPresentationMessage({ type: 'end', from: 'presenter', storyId })).toBe(false);
    expect(isPresentationMessage({ type: 'end', from: 'audience' })).toBe(false);
    expect(isPresentationMessage({ type: 'hello', from: 'someone' })).toBe(false);
  });
});

describe('storyIdOf', () => {
  it('is the same for equal content and differs for an edit', () => {
    expect(storyIdOf(structuredClone(story))).toBe(storyId);
    expect(storyIdOf({ ...story, title: 'Rundgang 2' })).not.toBe(storyId);
  });
});

describe('PresentationLink.present', () => {
  it('sends edited titles or notes of the same story, not an unchanged one', async () => {
    const audience = openWindow('audience');
    const presenter = openWindow('presenter');
    audience.link.present('draft', outline, 0);
    presenter.link.hello();
    await settle();
    const count = presenter.changes.length;
    audience.link.present('draft', outlineOf(story), 0);
    await settle();
    expect(presenter.changes).toHaveLength(count);
    const edited = outlineOf({
      ...story,
      scenes: [{ title: 'Rathaus', notes: 'Neu' }, ...story.scenes.slice(1)],
    });
    audience.link.present('draft', edited, 0);
    await settle();
    expect(presenter.link.state?.outline.scenes[0]?.notes).toBe('Neu');
  });
});

describe('scene pictures', () => {
  const picture = (n: number) => `data:image/jpeg;base64,${btoa(`jpeg ${n}`)}`;

  it('reach the presenter per scene, and a presenter opened later gets every picture taken so far', async () => {
    const audience = openWindow('audience');
    const presenter = openWindow('presenter');
    const arrived: number[] = [];
    presenter.link.onPicture = (index) => arrived.push(index);
    audience.link.present(storyId, outline, 0);
    presenter.link.hello();
    await settle();
    audience.link.showPicture(0, picture(0));
    audience.link.go(1);
    audience.link.showPicture(1, picture(1));
    await settle();
    expect(arrived).toEqual([0, 1]);
    expect(presenter.link.pictureOf(0)).toBe(picture(0));
    expect(presenter.link.pictureOf(1)).toBe(picture(1));
    expect(presenter.link.pictureOf(2)).toBeUndefined();

    const late = openWindow('presenter');
    late.link.hello();
    await settle();
    expect(late.link.state?.index).toBe(1);
    expect(late.link.pictureOf(0)).toBe(picture(0));
    expect(late.link.pictureOf(1)).toBe(picture(1));
  });

  it('belong to their story: another story starts without pictures, and a picture for another story is ignored', async () => {
    const audience = openWindow('audience');
    const presenter = openWindow('presenter');
    audience.link.present(storyId, outline, 0);
    presenter.link.hello();
    await settle();
    audience.link.showPicture(0, picture(0));
    await settle();
    expect(presenter.link.pictureOf(0)).toBe(picture(0));
    const other = outlineOf({ title: 'Anderer Rundgang', scenes: [{ title: 'Brücke' }] });
    audience.link.present('other', other, 0);
    await settle();
    expect(presenter.link.state?.storyId).toBe('other');
    expect(presenter.link.pictureOf(0)).toBeUndefined();

    // a late picture of the first story (sent by another tab of the origin) does not show up here
    const stray = new BroadcastChannel(PRESENTATION_CHANNEL);
    channels.push(stray);
    stray.postMessage({ type: 'picture', from: 'audience', storyId, index: 0, picture: picture(9) });
    await settle();
    expect(presenter.link.state?.storyId).toBe('other');
    expect(presenter.link.pictureOf(0)).toBeUndefined();
  });

  it('are JPEG data URLs of bounded size: anything else is neither sent nor taken', async () => {
    const audience = openWindow('audience');
    const presenter = openWindow('presenter');
    audience.link.present(storyId, outline, 0);
    presenter.link.hello();
    await settle();
    for (const bad of [
      'https://example.org/scene.jpg',
      'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
      'data:image/jpeg;base64,<script>',
      `data:image/jpeg;base64,${'A'.repeat(MAX_PICTURE_CHARS)}`,
    ]) {
      expect(isScenePicture(bad)).toBe(false);
      audience.link.showPicture(0, bad);
      // sent by hand, as another tab of the origin could
      const channel = new BroadcastChannel(PRESENTATION_CHANNEL);
      channels.push(channel);
      channel.postMessage({ type: 'picture', from: 'audience', storyId, index: 0, picture: bad });
    }
    await settle();
    expect(presenter.link.pictureOf(0)).toBeUndefined();
    expect(isScenePicture(picture(1))).toBe(true);
    expect(
      isPresentationMessage({ type: 'picture', from: 'presenter', storyId, index: 0, picture: picture(1) }),
    ).toBe(false);
    expect(
      isPresentationMessage({ type: 'picture', from: 'audience', storyId, index: -1, picture: picture(1) }),
    ).toBe(false);
  });
});
