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
      created.end(); // an audience window that leaves the story (a reload runs no cleanup: the presenter stays)
      created.close();
      channel.close();
      setLink(undefined);
    };
  }, [role]);
  return link;
}

/** What the audience window shows: the scene (undefined while none) and whether its screen is black. */
export interface AudienceShown {
  index: number | undefined;
  black?: boolean;
}

/** What the audience window does when the presenter asks: go to a scene, black the screen or show it again. */
export interface AudienceActions {
  go: (index: number) => void;
  black?: (black: boolean) => void;
}

/**
 * The audience side for a story player (or the story editor's preview): tells a presenter window which story
 * and scene is shown and whether the screen is black, and calls `on.go` / `on.black` with what the presenter (or
 * a reloaded window's catch-up) asks for. Pass `shown.index` undefined while no scene is shown: the presenter
 * then waits. Returns the function that hands the presenter a picture of a scene (a JPEG `data:` URL).
 */
export function useAudienceLink(
  story: Story | undefined,
  shown: AudienceShown,
  on: AudienceActions,
  /** A fixed id for a story that changes while shown (the editor's draft); default: its content's id. */
  storyId?: string,
): (index: number, picture: string) => void {
  const link = usePresentationLink('audience', (state) => {
    const black = state.black ?? false;
    // The player takes a move while black as "show the picture again": show it first, move, then black it.
    if (!black) on.black?.(false);
    on.go(state.index);
    if (black) {
      if (on.black) on.black(true);
      else link?.setBlack(false); // a preview has no black screen: says so to the presenter
    }
  });
  const identity = useMemo(
    () => (story ? { id: storyId ?? storyIdOf(story), outline: outlineOf(story) } : undefined),
    [story, storyId],
  );
  const { index, black = false } = shown;
  useEffect(() => {
    if (!link) return;
    if (identity && index !== undefined) link.present(identity.id, identity.outline, index, black);
    else link.end();
  }, [link, identity, index, black]);
  return useCallback((scene: number, picture: string) => link?.showPicture(scene, picture), [link]);
}

/** Opens the presenter view (`?presenter=1`) in a second window; false when the browser blocked it. */
export function openPresenterWindow(language: string): boolean {
  const url = new URL(window.location.href);
  url.search = '';
  url.hash = '';
  url.searchParams.set('presenter', '1');
  url.searchParams.set('lang', language);
  // Room for both scenes' pictures, the notes and the buttons without scrolling (960×720 cut the buttons off).
  const width = Math.min(1280, window.screen.availWidth || 1280);
  const height = Math.min(900, window.screen.availHeight || 900);
  const opened = window.open(url.href, 'stadtmodell-presenter', `popup,width=${width},height=${height}`);
  return opened !== null;
}
