import { useCallback, useEffect, useRef, useState } from 'react';
import { prepareClipArea } from '../../core/cut/clip-area.ts';
import {
  moveSectionPlane,
  SECTION_PLANE_DEFAULTS,
  tiltSectionPlane,
  turnSectionPlane,
} from '../../core/cut/section-plane.ts';
import type { SectionPlaneOptions } from '../../core/cut/section-plane.ts';
import type { CutTexts } from './texts.ts';

/** Document event the panel sends for "point at the map centre"; the scene component places the point. */
export const CUT_CENTRE_POINT = 'stadtmodell:cut-centre-point';

/** How the map's clicks are used by the cut tool: picking a plan area, drawing an area, or not at all. */
export type CutMode = 'pick' | 'draw' | undefined;

/** The area whose buildings are hidden: an open ring of [lon, lat] degrees and what it is called. */
export interface CutArea {
  ring: [number, number][];
  /** The plan area's name; undefined for a drawn area. */
  label: string | undefined;
}

/** Announcement keys of the cut tool (texts in `texts.ts`). */
export type CutNotice = Extract<
  keyof CutTexts,
  | 'planeOff'
  | 'noAnchor'
  | 'noPolygonClipping'
  | 'cleared'
  | 'cancelled'
  | 'notPlanArea'
  | 'tooFewPoints'
  | 'noArea'
  | 'noSurface'
>;

/** The cut tool's state and actions, as the panel and the scene component use them. */
export interface CutSession {
  open: boolean;
  setOpen: (open: boolean) => void;
  planeOn: boolean;
  setPlaneOn: (on: boolean) => void;
  plane: Required<SectionPlaneOptions>;
  move: (metres: number) => void;
  turn: (degrees: number) => void;
  tilt: (degrees: number) => void;
  flip: () => void;
  /** The ground point the plane goes through: lon, lat degrees, ellipsoidal metres; set when the plane is turned on. */
  anchor: [number, number, number] | undefined;
  setAnchor: (anchor: [number, number, number] | undefined) => void;
  mode: CutMode;
  setMode: (mode: CutMode) => void;
  /** Points drawn so far ([lon, lat] degrees). */
  drawing: [number, number][];
  addPoint: (point: [number, number]) => void;
  /** Closes the drawn area and hides the buildings inside it. */
  finishDrawing: () => void;
  area: CutArea | undefined;
  /** Hides the buildings in a ring (closed or open, lon/lat degrees); refuses rings without area politely. */
  hideArea: (ring: readonly (readonly number[])[], label: string | undefined) => void;
  clearArea: () => void;
  /** Buildings counted inside the area in the loaded tiles (undefined while none is set). */
  hiddenCount: number | undefined;
  setHiddenCount: (count: number | undefined) => void;
  notice: CutNotice | undefined;
  setNotice: (notice: CutNotice | undefined) => void;
}

/**
 * Holds the cut tool's state. While a mode is active, Enter finishes a drawing and Escape cancels the mode
 * (wherever the focus is, except in text fields).
 */
export function useCut(): CutSession {
  const [open, setOpenState] = useState(false);
  const [planeOn, setPlaneOnState] = useState(false);
  const [plane, setPlane] = useState<Required<SectionPlaneOptions>>(SECTION_PLANE_DEFAULTS);
  const [anchor, setAnchor] = useState<[number, number, number]>();
  const [mode, setModeState] = useState<CutMode>();
  const [drawing, setDrawing] = useState<[number, number][]>([]);
  const [area, setArea] = useState<CutArea>();
  const [hiddenCount, setHiddenCount] = useState<number>();
  const [notice, setNotice] = useState<CutNotice>();

  const setMode = useCallback((next: CutMode) => {
    setModeState(next);
    setDrawing([]);
    setNotice(undefined);
  }, []);
  const setOpen = useCallback(
    (next: boolean) => {
      setOpenState(next);
      if (!next) setMode(undefined);
    },
    [setMode],
  );
  const setPlaneOn = useCallback((on: boolean) => {
    setPlaneOnState(on);
    setNotice(on ? undefined : 'planeOff');
    if (!on) setAnchor(undefined);
  }, []);
  const hideArea = useCallback((ring: readonly (readonly number[])[], label: string | undefined) => {
    const prepared = prepareClipArea(ring);
    if ('problem' in prepared) {
      setNotice(prepared.problem);
      return;
    }
    setNotice(undefined);
    setHiddenCount(undefined);
    setArea({ ring: prepared.ring, label });
    setModeState(undefined);
    setDrawing([]);
  }, []);
  const finishDrawing = useCallback(() => hideArea(drawing, undefined), [drawing, hideArea]);
  const clearArea = useCallback(() => {
    setArea(undefined);
    setHiddenCount(undefined);
    setNotice('cleared');
  }, []);

  const finishRef = useRef(finishDrawing);
  useEffect(() => {
    finishRef.current = finishDrawing;
  }, [finishDrawing]);
  useEffect(() => {
    if (!mode) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input[type="text"], textarea, select, [contenteditable="true"]')) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        setMode(undefined);
        setNotice('cancelled');
      } else if (event.key === 'Enter' && mode === 'draw' && target?.tagName !== 'BUTTON') {
        event.preventDefault();
        finishRef.current();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [mode, setMode]);

  return {
    open,
    setOpen,
    planeOn,
    setPlaneOn,
    plane,
    move: (metres) => setPlane((p) => moveSectionPlane(p, metres)),
    turn: (degrees) => setPlane((p) => turnSectionPlane(p, degrees)),
    tilt: (degrees) => setPlane((p) => tiltSectionPlane(p, degrees)),
    flip: () => setPlane((p) => ({ ...p, flipped: !p.flipped })),
    anchor,
    setAnchor,
    mode,
    setMode,
    drawing,
    addPoint: (point) => setDrawing((points) => [...points, point]),
    finishDrawing,
    area,
    hideArea,
    clearArea,
    hiddenCount,
    setHiddenCount,
    notice,
    setNotice,
  };
}
