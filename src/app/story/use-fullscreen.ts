import { useCallback, useEffect, useRef, useState } from 'react';

/** The page's full-screen state in presentation mode. */
export interface Fullscreen {
  /** The browser offers the Fullscreen API here (not in some embeds and on iPhones). */
  available: boolean;
  active: boolean;
  /** Asks for full screen; must run in a user gesture (a refusal leaves the page as it is). */
  enter: () => void;
}

/**
 * Full screen while presenting: asked for at once (granted when the presentation was opened by a click or a key,
 * refused silently otherwise, e.g. when opened by URL, then the button offers it), left when the presentation
 * ends. Leaving full screen with the browser's own Escape ends the presentation too (`onExit`), so Escape
 * always leaves, whether the page was in full screen or not.
 */
export function useFullscreen(onExit: () => void): Fullscreen {
  const available = typeof document !== 'undefined' && document.fullscreenEnabled === true;
  const [active, setActive] = useState(() => document.fullscreenElement !== null);
  const entered = useRef(false);
  const onExitRef = useRef(onExit);
  onExitRef.current = onExit;

  const enter = useCallback(() => {
    if (!available || document.fullscreenElement) return;
    document.documentElement.requestFullscreen?.().catch(() => undefined);
  }, [available]);

  useEffect(() => {
    const onChange = () => {
      const now = document.fullscreenElement !== null;
      setActive(now);
      if (now) entered.current = true;
      else if (entered.current) {
        entered.current = false;
        onExitRef.current();
      }
    };
    document.addEventListener('fullscreenchange', onChange);
    enter();
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      entered.current = false;
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, [enter]);

  return { available, active, enter };
}
