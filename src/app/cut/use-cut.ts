import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { prepareClipArea } from '../../core/cut/clip-area.ts';
import type { ClipArea } from '../../core/cut/clip-area.ts';
import {
  moveSectionPlane,
  normaliseSectionPlane,
  SECTION_PLANE_DEFAULTS,
  tiltSectionPlane,
  turnSectionPlane,
} from '../../core/cut/section-plane.ts';
import type { AnchoredSectionPlane, SectionPlaneOptions } from '../../core/cut/section-plane.ts';
import type { CutTexts } from './texts.ts';

/** Document event the panel sends for "point at the map centre"; the scene component places the point. */
export const CUT_CENTRE_POINT = 'stadtmodell:cut-centre-point';

/** How the map's clicks are used by the cut tool: picking a plan area, drawing an area, or not at all. */
export type CutMode = 'pick' | 'draw' | undefined;

/**
 * A cut as links, story scenes and the kiosk reset set it: a section plane or area to show, `null` to remove it,
 * undefined (absent) to keep what is there.
 */
export interface CutPatch {
  section?: AnchoredSectionPlane | null;
  clip?: ClipArea | null;
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
  area: ClipArea | undefined;
  /** The section plane with its anchor while it is on and anchored (the shareable form); else undefined. */
  section: AnchoredSectionPlane | undefined;
  /** Sets or removes the section plane and the area at once (a link, a story scene, the kiosk reset). */
  restore: (patch: CutPatch) => void;
  /** Hides the buildings in a ring (closed or open, lon/lat degrees); refuses rings without area politely. */
  hideArea: (ring: readonly (readonly number[])[], label: string | undefined) => void;
  clearArea: () => void;
  /** Buildings counted inside the area in the loaded tiles (undefined while none is set). */
  hiddenCount: number | undefined;
  setHiddenCount: (count: number | undefined) => void;
  notice: CutNotice | undefined;
  setNotice: (notice: CutNotice | undefined) => void;
}

/** The plane options of a placed section plane (its anchor left out). */
const planeOf = (section: AnchoredSectionPlane): Required<SectionPlaneOptions> =>
  normaliseSectionPlane(section);
const anchorOf = (section: AnchoredSectionPlane): [number, number, number] => [
  section.longitude,
  section.latitude,
  section.height,
];

/**
 * Holds the cut tool's state, starting with the section plane and area of a shared link (`initial`). While a mode
 * is active, Enter finishes a drawing and Escape cancels the mode (wherever the focus is, except in text fields).
 */
export function useCut(initial: { section?: AnchoredSectionPlane; clip?: ClipArea } = {}): CutSession {
  const [open, setOpenState] = useState(false);
  const [planeOn, setPlaneOnState] = useState(initial.section !== undefined);
  const [plane, setPlane] = useState<Required<SectionPlaneOptions>>(() =>
    initial.section ? planeOf(initial.section) : SECTION_PLANE_DEFAULTS,
  );
  const [anchor, setAnchor] = useState<[number, number, number] | undefined>(
    () => initial.section && anchorOf(initial.section),
  );
  const [mode, setModeState] = useState<CutMode>();
  const [drawing, setDrawing] = useState<[number, number][]>([]);
  const [area, setArea] = useState<ClipArea | undefined>(initial.clip);
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
    setArea(label === undefined ? { ring: prepared.ring } : { ring: prepared.ring, label });
    setModeState(undefined);
    setDrawing([]);
  }, []);
  const finishDrawing = useCallback(() => hideArea(drawing, undefined), [drawing, hideArea]);
  const clearArea = useCallback(() => {
    setArea(undefined);
    setHiddenCount(undefined);
    setNotice('cleared');
  }, []);

  const restore = useCallback((patch: CutPatch) => {
    setModeState(undefined);
    setDrawing([]);
    setNotice(undefined);
    if (patch.section !== undefined) {
      setPlaneOnState(patch.section !== null);
      setAnchor(patch.section ? anchorOf(patch.section) : undefined);
      setPlane(patch.section ? planeOf(patch.section) : SECTION_PLANE_DEFAULTS);
    }
    if (patch.clip !== undefined) {
      const prepared = patch.clip ? prepareClipArea(patch.clip.ring) : undefined;
      setHiddenCount(undefined);
      setArea(prepared && 'ring' in prepared ? { ...patch.clip, ring: prepared.ring } : undefined);
    }
  }, []);
  const section = useMemo<AnchoredSectionPlane | undefined>(
    () =>
      planeOn && anchor
        ? { longitude: anchor[0], latitude: anchor[1], height: anchor[2], ...plane }
        : undefined,
    [planeOn, anchor, plane],
  );

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
    section,
    restore,
    hideArea,
    clearArea,
    hiddenCount,
    setHiddenCount,
    notice,
    setNotice,
  };
}
