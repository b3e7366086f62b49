import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Story } from '../../core/story/types.ts';
import { PRESENTATION_CHANNEL, PresentationLink, outlineOf, storyIdOf } from './sync.ts';
import type { PresentationRole, PresentationState } from './sync.ts';

/**
 * A `PresentationLink` on the page's BroadcastChannel for as long as the component is mounted (created in an
 * effect, closed in its cleanup: StrictMode-safe). Undefined where the browser has no BroadcastChannel.
 * `onChange` gets the states that the other window sent.
 */
export function usePresentationLink(
  role: PresentationRole,
  onChange: (state: PresentationState) => void,
): PresentationLink | undefined {
  const [link, setLink] = useState<PresentationLink | undefined>();
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(PRESENTATION_CHANNEL);
    const created = new PresentationLink(channel, role, (state) => onChangeRef.current(state));
    created.hello();
    setLink(created);
    return () => {
      created.close();
      channel.close();
      setLink(undefined);
    };
  }, [role]);
  return link;
}

/**
 * The audience side for a story player (or the story editor's preview): tells a presenter window which story
 * and scene is shown, and calls `onGo` with the scene the presenter (or a reloaded window's catch-up) asks
 * for. Pass `index` undefined while no scene is shown. Returns the function that hands the presenter a picture
 * of a scene (a JPEG `data:` URL).
 */
export function useAudienceLink(
  story: Story | undefined,
  index: number | undefined,
  onGo: (index: number) => void,
  /** A fixed id for a story that changes while shown (the editor's draft); default: its content's id. */
  storyId?: string,
): (index: number, picture: string) => void {
  const link = usePresentationLink('audience', (state) => onGo(state.index));
  const identity = useMemo(
    () => (story ? { id: storyId ?? storyIdOf(story), outline: outlineOf(story) } : undefined),
    [story, storyId],
  );
  useEffect(() => {
    if (link && identity && index !== undefined) link.present(identity.id, identity.outline, index);
  }, [link, identity, index]);
  return useCallback((scene: number, picture: string) => link?.showPicture(scene, picture), [link]);
}

/** Opens the presenter view (`?presenter=1`) in a second window; false when the browser blocked it. */
export function openPresenterWindow(language: string): boolean {
  const url = new URL(window.location.href);
  url.search = '';
  url.hash = '';
  url.searchParams.set('presenter', '1');
  url.searchParams.set('lang', language);
  const opened = window.open(url.href, 'stadtmodell-presenter', 'popup,width=960,height=720');
  return opened !== null;
}
