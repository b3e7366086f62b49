import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CityConfig } from '../config/types.ts';
import type { Language } from '../i18n/index.ts';
import type { AppReset } from '../state/reset.ts';
import { urlParams } from '../state/share-state.ts';
import type { StoryPresentationOptions } from '../story/StoryPresentation.tsx';
import type { StorySource } from '../story/use-story.ts';
import { createKioskCycle } from './kiosk-cycle.ts';
import { attractStoryOf, readKioskSettings } from './options.ts';
import type { KioskOptions, KioskProblem } from './options.ts';

/** What plays while nobody uses the kiosk: the attract story, the orbit around the home view, or nothing. */
export type KioskAttract = 'story' | 'orbit' | undefined;

/** The kiosk mode as the app's components see it. */
export interface KioskSession {
  /** Kiosk mode is on (`?kiosk=1` or the city's config). */
  on: boolean;
  options: Required<KioskOptions>;
  /** Settings that were not taken as given (worded by `kioskProblemText`). */
  problems: KioskProblem[];
  attract: KioskAttract;
  /** Number of resets so far (idle time and "Start again"). */
  resets: number;
  /** Options for the story layer: autoplay with loop while the attract story plays. */
  storyOptions: StoryPresentationOptions | undefined;
  /** "Start again": resets the app now (no attract loop: someone is there). */
  startAgain(): void;
}

/** The browser's timer (bound: `setTimeout` called as a method of another object throws). */
const WINDOW_TIMER = {
  setTimeout: (callback: () => void, ms: number) => window.setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => window.clearTimeout(handle as number),
};

/** The attract story's player: autoplay from the start, from the last scene back to the first. */
const ATTRACT_STORY_OPTIONS: StoryPresentationOptions = { autoplay: true, loop: true };

/** Input that counts as someone using the screen (window, capture phase: before any control handles it). */
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** Asks for full screen (no browser UI on the foyer screen); a refusal (no user gesture, an embed) changes nothing. */
function requestFullscreen(): void {
  if (!document.fullscreenEnabled || document.fullscreenElement) return;
  document.documentElement.requestFullscreen?.().catch(() => undefined);
}

/** Whether a click on `target` would follow a link off this page (another page, a new window, a download). */
function leavesPage(target: EventTarget | null): boolean {
  const link = target instanceof Element ? target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement)) return false;
  if (link.target === '_blank' || link.hasAttribute('download')) return true;
  const to = new URL(link.href, window.location.href);
  const here = new URL(window.location.href);
  to.hash = '';
  here.hash = '';
  return to.href !== here.href; // a jump within the page (the skip link) stays
}

/**
 * The kiosk mode of an unattended screen. Reads its settings once from the link and the city config. While on:
 * any input (pointer, touch, key, wheel) starts the idle time again, asks for full screen and stops the attract
 * loop; the long-press context menu is suppressed. After `idleSeconds` without input the app is reset
 * (`reset.resetApp()`: every `useOnReset` subscriber puts its part back to the start), the start view stays for
 * `attractDelaySeconds`, then the attract story plays in a loop (the city's story `attractStory`, else its first in
 * the page's language),
 * or, for a city without stories, the view orbits the home view. Links that would leave the page do nothing.
 */
export function useKiosk(
  city: CityConfig,
  story: StorySource,
  reset: AppReset,
  language: Language,
): KioskSession {
  const [settings] = useState(() =>
    readKioskSettings(urlParams(window.location.search, window.location.hash), city.kiosk),
  );
  const { on, options } = settings;
  const chosen = useMemo(
    () => attractStoryOf(city.stories, options.attractStory, language),
    [city.stories, options, language],
  );
  const problems = useMemo(
    () => (chosen.problem && on ? [...settings.problems, chosen.problem] : settings.problems),
    [settings.problems, chosen.problem, on],
  );
  const [attract, setAttract] = useState<KioskAttract>(undefined);
  const [resets, setResets] = useState(0);
  const attractRef = useRef<KioskAttract>(undefined);
  const storyRef = useRef(story);
  useEffect(() => {
    storyRef.current = story;
  });

  const setAttractBoth = useCallback((next: KioskAttract) => {
    attractRef.current = next;
    setAttract(next);
  }, []);

  useEffect(() => reset.subscribe(() => setResets(reset.count)), [reset]);

  useEffect(() => {
    if (!on) return;
    const cycle = createKioskCycle(options.idleSeconds, options.attractDelaySeconds, WINDOW_TIMER, {
      reset: () => reset.resetApp(),
      attract: () => {
        const link = chosen.story;
        if (link) {
          setAttractBoth('story');
          storyRef.current.openUrl(link.url);
        } else setAttractBoth('orbit');
      },
      stop: () => {
        if (attractRef.current === 'story') storyRef.current.close();
        setAttractBoth(undefined);
      },
    });
    const onInput = () => {
      cycle.input();
      requestFullscreen();
    };
    // A long press opens no context menu (nothing there a visitor could use; "Save image as" would download).
    const onContextMenu = (event: Event) => event.preventDefault();
    const onClick = (event: MouseEvent) => {
      if (leavesPage(event.target)) event.preventDefault();
    };
    for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true });
    window.addEventListener('contextmenu', onContextMenu, true);
    window.addEventListener('click', onClick, true);
    return () => {
      cycle.dispose();
      for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, true);
      window.removeEventListener('contextmenu', onContextMenu, true);
      window.removeEventListener('click', onClick, true);
    };
  }, [on, options, chosen, reset, setAttractBoth]);

  const startAgain = useCallback(() => reset.resetApp(), [reset]);

  return {
    on,
    options,
    problems,
    attract,
    resets,
    storyOptions: attract === 'story' ? ATTRACT_STORY_OPTIONS : undefined,
    startAgain,
  };
}
