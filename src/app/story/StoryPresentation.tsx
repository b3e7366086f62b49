import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { flightSeconds } from '../../core/story/flight.ts';
import { playerActionOfKey, StoryPlayer } from '../../core/story/player.ts';
import type { PlayerAction, StoryPlayerOptions } from '../../core/story/player.ts';
import type { Story } from '../../core/story/types.ts';
import { useAudienceLink } from '../presenter/use-presentation-link.ts';
import { useSceneTarget } from '../state/use-scene-target.ts';
import { viewSnapshot } from '../viewer/snapshot.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import { StoryCaption } from './StoryCaption.tsx';
import { StoryControls } from './StoryControls.tsx';
import { awaitSceneTiles, SCENE_ARRIVED_MARK } from './tile-arrival.ts';
import type { SceneArrival, SceneArrivalOptions } from './tile-arrival.ts';
import { useFullscreen } from './use-fullscreen.ts';
import { writeSceneParam } from './use-story.ts';
import { useSwipe } from './use-swipe.ts';

export interface StoryPresentationOptions extends StoryPlayerOptions, SceneArrivalOptions {}

/** The browser's timer for the player (bound: `setTimeout` called as a method of another object throws). */
const WINDOW_TIMER = {
  setTimeout: (callback: () => void, ms: number) => window.setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => window.clearTimeout(handle as number),
};

/** Elements whose own Enter/Space handling wins over "next scene". */
const OWN_KEYS = 'button, a, input, select, textarea, [contenteditable="true"]';

/** Text fields: every key but Escape is theirs (typing a "b" must not black the screen). */
const TEXT_FIELDS = 'input, select, textarea, [contenteditable="true"]';

/** Whether the person asked the system for reduced motion. */
function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * Presentation mode of a story (inside the viewer): full screen where allowed, the caption in a high-contrast
 * band at the bottom, keys, swipes and on-screen buttons, black screen, autoplay with loop. Each scene is applied
 * through the app's scene target (layers, colouring, selection, time, then a bounded camera flight) and counts as
 * arrived once the tiles of its view are loaded (bounded wait); then autoplay starts counting its dwell time.
 * The root carries `data-story-*` attributes with the scene, arrival and the tile share measured at flight end.
 */
export function StoryPresentation({
  story,
  start = 0,
  onLeave,
  options = {},
}: {
  story: Story;
  /** Scene index (0-based) to begin with. */
  start?: number;
  onLeave: () => void;
  options?: StoryPresentationOptions;
}) {
  const { t } = useTranslation();
  const viewer = useViewer();
  const target = useSceneTarget();
  const targetRef = useRef(target);
  targetRef.current = target;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const headingId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const onLeaveRef = useRef(onLeave);
  onLeaveRef.current = onLeave;
  const leave = useCallback(() => onLeaveRef.current(), []);

  const player = useMemo(
    () =>
      new StoryPlayer(
        story.scenes.map((scene) => scene.dwellSeconds),
        WINDOW_TIMER,
        optionsRef.current,
        start,
      ),
    [story, start],
  );
  useEffect(() => () => player.dispose(), [player]);
  const subscribe = useCallback((listener: () => void) => player.subscribe(listener), [player]);
  const state = useSyncExternalStore(subscribe, () => player.state);
  const [arrival, setArrival] = useState<(SceneArrival & { index: number }) | undefined>(undefined);
  // A presenter window (second screen) follows the scene and may ask for another one.
  const showPicture = useAudienceLink(
    story,
    { index: state.index, black: state.black },
    { go: (index) => player.goTo(index), black: (black) => player.setBlack(black) },
  );
  // a ref: the link arrives after the first render, and must not restart the scene's flight when it does
  const showPictureRef = useRef(showPicture);
  showPictureRef.current = showPicture;

  // Apply the current scene: flight, then the bounded wait for its tiles; leaving the scene cancels both.
  useEffect(() => {
    const index = state.index;
    const scene = story.scenes[index];
    if (!scene) return;
    const controller = new AbortController();
    const seconds = flightSeconds(targetRef.current.currentView(), scene.camera, prefersReducedMotion());
    void (async () => {
      const flown = await targetRef.current.applyScene(scene, {
        flightSeconds: seconds,
        signal: controller.signal,
      });
      if (!flown || controller.signal.aborted) return;
      const measured = await awaitSceneTiles(viewer, controller.signal, optionsRef.current);
      if (controller.signal.aborted) return;
      // What the audience sees, for the presenter window (this scene now, the next scene later). Drawn before
      // the scene counts as arrived, so the dwell time starts after it.
      const picture = viewSnapshot(viewer);
      if (picture) showPictureRef.current(index, picture);
      setArrival({ index, ...measured });
      // Only the latest arrival is kept: the browser holds every mark for the page's life, and a kiosk's
      // attract loop arrives at a scene every few seconds for days.
      performance.clearMarks(SCENE_ARRIVED_MARK);
      performance.mark(SCENE_ARRIVED_MARK, { detail: { index, flightSeconds: seconds, ...measured } });
      player.arrived(index);
    })().catch(() => undefined); // aborted: the next scene took over
    return () => controller.abort();
  }, [player, story, state.index, viewer]);

  const fullscreen = useFullscreen(leave);

  const act = useCallback(
    (action: PlayerAction) => {
      if (action === 'leave') leave();
      else player.act(action);
    },
    [player, leave],
  );

  // Keys anywhere on the page while presenting; handled keys do not reach the map's own keyboard navigation.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      player.input();
      const action = playerActionOfKey(event.key);
      if (!action) return;
      const target = event.target instanceof Element ? event.target : undefined;
      if (target?.closest(TEXT_FIELDS) && action !== 'leave') return;
      const own = target?.closest(OWN_KEYS);
      if (own && (event.key === 'Enter' || event.key === ' ')) return; // the focused button's own action
      event.preventDefault();
      event.stopPropagation();
      act(action);
    };
    const onPointer = (event: Event) => {
      if (event.target instanceof Element && event.target.closest('[data-story-autoplay]')) return;
      player.input();
    };
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('wheel', onPointer, { capture: true, passive: true });
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('wheel', onPointer, true);
    };
  }, [player, act]);

  useSwipe(
    useCallback((direction: 'left' | 'right') => act(direction === 'left' ? 'next' : 'previous'), [act]),
  );

  // A link copied now opens the presentation at this scene.
  useEffect(() => writeSceneParam(state.index), [state.index]);

  // Presentation mode on the page: the header and status give the map the whole screen (styles.css).
  // Leaving, the focus goes back to where it was (a button that opened the story), else to the stories menu or the
  // map: never lost on <body>, where a keyboard user would start from the top of the page.
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.presenting = '';
    const before = document.activeElement;
    rootRef.current?.focus({ preventScroll: true });
    return () => {
      delete root.dataset.presenting;
      const back = [
        before,
        document.querySelector('[data-testid="stories-menu"]'),
        document.querySelector('#map .cesium-widget canvas'),
      ].find(
        (element): element is HTMLElement =>
          element instanceof HTMLElement &&
          element !== document.body &&
          element.isConnected &&
          element.getClientRects().length > 0,
      );
      back?.focus({ preventScroll: true });
    };
  }, []);

  const scene = story.scenes[state.index];
  const count = story.scenes.length;
  const arrived = arrival?.index === state.index && state.arrivedIndex === state.index;
  const announcement = state.black
    ? t('storyBlackOn')
    : scene
      ? t('storyScene', { number: state.index + 1, count, title: scene.title })
      : '';

  return (
    <div
      ref={rootRef}
      className="story-presentation"
      data-testid="story-presentation"
      role="region"
      aria-label={t('storyPresentation', { title: story.title })}
      tabIndex={-1}
      data-story-index={state.index}
      data-story-arrived={arrived ? state.index : -1}
      data-story-tiles-share={arrived ? arrival.tilesShare.toFixed(3) : undefined}
      data-story-tiles-loaded={arrived ? String(arrival.tilesLoaded) : undefined}
      data-story-autoplay={String(state.autoplay)}
      data-story-black={String(state.black)}
    >
      <p className="visually-hidden" aria-live="polite" data-testid="story-announcer">
        {announcement}
      </p>
      {state.black && (
        <button
          type="button"
          className="story-black"
          data-testid="story-black"
          aria-label={t('storyBlackOn')}
          onClick={() => player.setBlack(false)}
        />
      )}
      <div className="story-band" aria-labelledby={headingId} role="group">
        {scene && (
          <StoryCaption
            scene={scene}
            headingId={headingId}
            position={t('storyPosition', { number: state.index + 1, count })}
          />
        )}
        <StoryControls state={state} arrived={arrived} fullscreen={fullscreen} onAction={act} />
      </div>
    </div>
  );
}
