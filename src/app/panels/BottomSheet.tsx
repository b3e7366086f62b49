import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import type { KeyboardEvent, MouseEvent, PointerEvent, ReactNode } from 'react';
import { nextSnap, PHONE_MEDIA_QUERY, sheetHeight, snapAfterDrag } from './sheet.ts';
import type { SheetOptions, SheetSnap } from './sheet.ts';
import { useSheetStack } from './sheet-stack.ts';
import { fillText, PANEL_TEXTS } from './texts.ts';
import { usePanelFocus } from './use-panel-focus.ts';
import type { PanelFocusOptions } from './use-panel-focus.ts';

type Language = 'de' | 'en';

function subscribePhone(onChange: () => void): () => void {
  const query = globalThis.matchMedia?.(PHONE_MEDIA_QUERY);
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}
const phoneNow = () => globalThis.matchMedia?.(PHONE_MEDIA_QUERY).matches ?? false;

/** Whether the viewport gets the phone layout (≤ 600 CSS pixels wide, or ≤ 500 high), following resizes. */
export function usePhoneLayout(): boolean {
  return useSyncExternalStore(subscribePhone, phoneNow, () => false);
}

function subscribeResize(onChange: () => void): () => void {
  globalThis.addEventListener?.('resize', onChange);
  return () => globalThis.removeEventListener?.('resize', onChange);
}
const viewportHeightNow = () => globalThis.innerHeight ?? 800;

/** Tool panels (measure, cut, sun, shadow study, sketch) rest lower: the map above, where the tool works, stays
 * free. */
export const TOOL_SHEET: SheetOptions = { halfShare: 0.42, fullShare: 0.75 };

/** A drag of the handle in progress: where it began and the last pointer sample (CSS pixels, ms). */
interface Drag {
  pointerId: number;
  startY: number;
  startHeight: number;
  y: number;
  time: number;
  velocity: number;
  moved: boolean;
}

/** Pointer travel (CSS pixels) below which a press on the handle is a tap, not a drag. */
const TAP_SLOP = 6;

/**
 * A panel's container: on phones (`PHONE_MEDIA_QUERY`) a bottom sheet whose handle is dragged (pointer
 * events: mouse, touch, pen) between peek, half and full, or pressed (click, Enter, Space) to cycle. On larger
 * screens the panel is laid out as it is (a side panel; the container's boxes are `display: contents`), and
 * the panel is not mounted again when the viewport crosses the phone query. On every screen Escape inside
 * closes it, opening it moves the focus to its heading and closing it hands the focus back to its opener
 * (`usePanelFocus`). `onCover` hears the height in CSS pixels the sheet covers at the bottom of the viewport
 * (0 when not a sheet), so the map can keep what matters above it. The same container serves the attribute
 * panel, the layer tree, the "in view" list, the tools and the story editor.
 */
export function BottomSheet({
  panelName,
  language,
  onClose,
  children,
  initialSnap = 'half',
  options,
  onCover,
  escapeCloses = true,
  testId,
  focus,
}: {
  /** The panel's name, for the handle's accessible name. */
  panelName: string;
  language: Language;
  onClose: () => void;
  children: ReactNode;
  initialSnap?: SheetSnap;
  options?: SheetOptions;
  onCover?: (pixels: number) => void;
  /** False while Escape means something else inside (a tool cancelling what it is doing). */
  escapeCloses?: boolean;
  testId?: string;
  /** Whether opening takes the focus, and which control gets it back on closing (`PANEL_FOCUS_DEFAULTS`). */
  focus?: PanelFocusOptions;
}) {
  const phone = usePhoneLayout();
  // A sheet opened while another is open lies on top of it (sheet-stack.ts).
  const stacked = useSheetStack(phone);
  const viewportHeight = useSyncExternalStore(subscribeResize, viewportHeightNow, () => 800);
  const [snap, setSnap] = useState<SheetSnap>(initialSnap);
  const [dragHeight, setDragHeight] = useState<number | undefined>(undefined);
  const drag = useRef<Drag | undefined>(undefined);
  const bodyId = useId();
  const sheet = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  usePanelFocus(sheet, focus, body);
  const texts = PANEL_TEXTS[language];
  const restingHeight = sheetHeight(snap, viewportHeight, options);
  const height = dragHeight ?? restingHeight;

  useEffect(() => {
    onCover?.(phone ? restingHeight : 0);
  }, [onCover, phone, restingHeight]);
  useEffect(() => () => onCover?.(0), [onCover]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !escapeCloses || event.defaultPrevented) return;
      event.preventDefault();
      onClose();
    },
    [onClose, escapeCloses],
  );

  const onPointerDown = (event: PointerEvent<HTMLButtonElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = {
      pointerId: event.pointerId,
      startY: event.clientY,
      startHeight: restingHeight,
      y: event.clientY,
      time: event.timeStamp,
      velocity: 0,
      moved: false,
    };
  };
  const onPointerMove = (event: PointerEvent<HTMLButtonElement>) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    const dt = event.timeStamp - current.time;
    // Upwards is positive: the sheet grows as the pointer rises.
    if (dt > 0) current.velocity = (current.y - event.clientY) / dt;
    current.y = event.clientY;
    current.time = event.timeStamp;
    if (Math.abs(event.clientY - current.startY) > TAP_SLOP) current.moved = true;
    if (!current.moved) return;
    const next = current.startHeight + (current.startY - event.clientY);
    setDragHeight(Math.max(48, Math.min(viewportHeight, next)));
  };
  const endDrag = (event: PointerEvent<HTMLButtonElement>) => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    if (current.moved) {
      const released = current.startHeight + (current.startY - event.clientY);
      setSnap(snapAfterDrag(released, viewportHeight, current.velocity, options));
    }
    setDragHeight(undefined);
    // Keep `moved` until the click that follows the pointerup has been seen.
    setTimeout(() => {
      if (drag.current === current) drag.current = undefined;
    }, 0);
  };
  const onClick = (event: MouseEvent<HTMLButtonElement>) => {
    // A keyboard press (detail 0) always cycles; only a pointer's click after a drag is swallowed.
    if (event.detail !== 0 && drag.current?.moved) return;
    setSnap((s) => nextSnap(s));
  };

  // One element structure on every screen: the handle comes and goes, the panel keeps its place (and state).
  return (
    <div
      ref={sheet}
      className={phone ? 'bottom-sheet' : 'sheet-host'}
      data-under={(phone && !stacked.top) || undefined}
      onPointerDownCapture={phone ? stacked.raise : undefined}
      onFocusCapture={phone ? stacked.raise : undefined}
      data-snap={phone ? snap : undefined}
      data-dragging={(phone && dragHeight !== undefined) || undefined}
      data-testid={phone ? testId : undefined}
      style={phone ? { height: `${height}px` } : undefined}
      onKeyDown={onKeyDown}
    >
      {phone && (
        <button
          type="button"
          className="sheet-handle"
          aria-label={`${fillText(texts.handle, { panel: panelName })}, ${texts[snap]}`}
          aria-controls={bodyId}
          aria-describedby={`${bodyId}-hint`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
          onClick={onClick}
          data-testid={testId ? `${testId}-handle` : undefined}
        >
          <span className="sheet-grip" aria-hidden="true" />
        </button>
      )}
      {phone && (
        <span id={`${bodyId}-hint`} className="visually-hidden">
          {texts.handleHint}
        </span>
      )}
      <div id={bodyId} ref={body} className={phone ? 'sheet-body' : 'sheet-host'}>
        {children}
      </div>
    </div>
  );
}
