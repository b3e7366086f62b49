import { useEffect, useRef } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { Cesium3DTileset, SplitDirection } from 'cesium';
import type { TilesetSource } from '../config/types.ts';
import type { Language } from '../i18n/index.ts';
import { fill } from '../measure/texts.ts';
import { buildingTilesetOptions } from '../viewer/renderer.ts';
import { PanelToggle } from '../panels/PanelToggle.tsx';
import { useViewer } from '../viewer/use-viewer.ts';
import { pointerPercent, swipeKey } from './swipe.ts';
import { COMPARE_TEXTS } from './texts.ts';
import { TODAY_TILESETS, todayCopyUrls } from './today-tilesets.ts';

/** The toolbar button that switches the comparison on and off; its panel is `#compare-panel`. */
export function CompareButton({
  on,
  onToggle,
  language,
}: {
  on: boolean;
  onToggle: () => void;
  language: Language;
}) {
  const texts = COMPARE_TEXTS[language];
  return (
    <PanelToggle
      open={on}
      onToggle={onToggle}
      panelId="compare-panel"
      icon="◧"
      label={texts.compare}
      title={texts.compareTitle}
    />
  );
}

/**
 * The compare divider over the map: a vertical line with a 48 px handle, dragged by mouse, touch or pen (Pointer
 * Events with capture) or moved by the arrow keys (a focusable slider). It sets `scene.splitPosition`.
 */
export function CompareDivider({
  percent,
  onChange,
  language,
  label,
  announcement,
}: {
  percent: number;
  /** A new position; `settled` false while a drag goes on. */
  onChange: (percent: number, settled?: boolean) => void;
  language: Language;
  /** The slider's name, saying what lies either side (default: today left, with the plan right). */
  label?: string;
  /** Announced when the divider appears (default: today left, with the plan right; the keys). */
  announcement?: string;
}) {
  const texts = COMPARE_TEXTS[language];
  const box = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  const move = (event: PointerEvent<HTMLDivElement>, settled: boolean) => {
    const rect = box.current?.getBoundingClientRect();
    if (rect) onChange(pointerPercent(event.clientX, rect.left, rect.width), settled);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = swipeKey(percent, event.key);
    if (next === undefined) return;
    event.preventDefault();
    onChange(next);
  };
  return (
    <div className="compare-overlay" ref={box}>
      <p className="visually-hidden" role="status">
        {announcement ?? texts.on}
      </p>
      <div
        className="compare-line"
        style={{ left: `${percent}%` }}
        onPointerDown={(event) => {
          dragging.current = true;
          event.currentTarget.setPointerCapture(event.pointerId);
          event.preventDefault();
        }}
        onPointerMove={(event) => {
          if (dragging.current) move(event, false);
        }}
        onPointerUp={(event) => {
          if (dragging.current) move(event, true);
          dragging.current = false;
          event.currentTarget.releasePointerCapture(event.pointerId);
        }}
        onPointerCancel={() => {
          dragging.current = false;
          onChange(percent, true);
        }}
      >
        <div
          className="compare-handle"
          role="slider"
          tabIndex={0}
          aria-label={label ?? texts.divider}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={fill(texts.valueText, { percent: Math.round(percent) })}
          aria-orientation="horizontal"
          onKeyDown={onKeyDown}
        >
          <span aria-hidden="true">◀▶</span>
        </div>
      </div>
    </div>
  );
}

/**
 * The split in the scene while comparing: each city tileset and each shown imported tileset loaded a second time,
 * whole (no cut, no hidden area), left of the divider ("today"); the tilesets in the scene (city and imported, with
 * the cut tool's clipping) right of it. Plan envelopes are entities, which Cesium cannot split: they show on both
 * sides.
 */
export function CompareSplit({
  percent,
  sources,
  imported = NO_URLS,
}: {
  percent: number;
  sources: readonly TilesetSource[];
  /** Root URLs (blob:) of the imported tilesets shown now (`shownImportedTilesetUrls`). */
  imported?: readonly string[];
}) {
  const viewer = useViewer();
  useEffect(() => {
    viewer.scene.splitPosition = percent / 100;
    viewer.scene.requestRender();
  }, [viewer, percent]);

  useEffect(() => {
    const scene = viewer.scene;
    const primitives = scene.primitives;
    const right = (primitive: unknown) => {
      if (primitive instanceof Cesium3DTileset && !TODAY_TILESETS.has(primitive))
        primitive.splitDirection = SplitDirection.RIGHT;
    };
    for (let i = 0; i < primitives.length; i++) right(primitives.get(i));
    const removeAdded = primitives.primitiveAdded.addEventListener(right);
    scene.requestRender();
    return () => {
      removeAdded();
      if (viewer.isDestroyed()) return;
      for (let i = 0; i < primitives.length; i++) {
        const primitive: unknown = primitives.get(i);
        if (primitive instanceof Cesium3DTileset) primitive.splitDirection = SplitDirection.NONE;
      }
      scene.splitPosition = 0.5;
      scene.requestRender();
    };
  }, [viewer]);

  // One copy per URL, each its own component: an import that appears, is replaced (a preview by the whole model)
  // or is hidden loads or drops its copy alone, without reloading the city's.
  return (
    <>
      {todayCopyUrls(sources, imported, document.baseURI).map((url) => (
        <TodayCopy key={url} url={url} />
      ))}
    </>
  );
}

const NO_URLS: readonly string[] = [];

/** One "today" copy of the tileset at `url`, left of the divider; loaded in the effect, removed in the cleanup. */
function TodayCopy({ url }: { url: string }) {
  const viewer = useViewer();
  useEffect(() => {
    const primitives = viewer.scene.primitives;
    let disposed = false;
    let copy: Cesium3DTileset | undefined;
    void Cesium3DTileset.fromUrl(url, buildingTilesetOptions(viewer)).then(
      (loaded) => {
        if (disposed || viewer.isDestroyed()) {
          loaded.destroy();
          return;
        }
        TODAY_TILESETS.add(loaded);
        loaded.splitDirection = SplitDirection.LEFT;
        copy = loaded;
        primitives.add(loaded);
        viewer.scene.requestRender();
      },
      () => undefined, // the tileset's own component reports load failures
    );
    return () => {
      disposed = true;
      if (copy && !viewer.isDestroyed()) {
        primitives.remove(copy); // also destroys it
        viewer.scene.requestRender();
      }
    };
  }, [viewer, url]);
  return null;
}
