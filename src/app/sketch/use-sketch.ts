import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { isSketchHead, parseSketchGeoJson, sketchesToGeoJson } from '../../core/sketch/geojson.ts';
import type { SketchProblem } from '../../core/sketch/geojson.ts';
import { SKETCH_MIN_POINTS } from '../../core/sketch/model.ts';
import type { GeodeticPoint, SketchColour, SketchFeature, SketchWidth } from '../../core/sketch/model.ts';
import { createSketchHistory, sketchReducer } from '../../core/sketch/history.ts';
import type { SketchAction, SketchHistory } from '../../core/sketch/history.ts';
import type { Language } from '../i18n/index.ts';
import { downloadBytes } from '../import/download.ts';
import { SKETCH_TEXTS, fill, sketchCount, sketchName } from './texts.ts';
import type { SketchTool } from './texts.ts';

/** Bytes of a file's start that decide whether a dropped `.geojson`/`.json` is a sketch. */
const HEAD_BYTES = 4096;
/** Largest sketch file read (a sketch is small; anything bigger is not one of ours). */
const MAX_FILE_BYTES = 20_000_000;

/** The history reducer with its default options, in the two-argument form React's `useReducer` takes. */
const reduce = (state: SketchHistory, action: SketchAction) => sketchReducer(state, action);

/** A file whose sketches were imported with problems. */
export interface SketchImportReport {
  file: string;
  problems: SketchProblem[];
}

/** The sketch tool's state and what its components call. */
export interface SketchSession {
  features: SketchFeature[];
  canUndo: boolean;
  canRedo: boolean;
  /** Whether the panel is open. */
  open: boolean;
  setOpen: (open: boolean) => void;
  /** The active tool; undefined: none (clicks select buildings again). */
  tool: SketchTool | undefined;
  setTool: (tool: SketchTool | undefined) => void;
  /** Chooses the pen tool if no tool is chosen (a pen touched the map while the panel is open). */
  takePen: () => void;
  colour: SketchColour;
  setColour: (colour: SketchColour) => void;
  width: SketchWidth;
  setWidth: (width: SketchWidth) => void;
  /** The text the next note gets. */
  noteText: string;
  setNoteText: (text: string) => void;
  /** Whether a finger draws as well (else a finger navigates). */
  fingerDraws: boolean;
  setFingerDraws: (on: boolean) => void;
  /** Whether the sketch layer is shown. */
  visible: boolean;
  setVisible: (visible: boolean) => void;
  /** Points placed so far for a line, arrow, polygon or keyboard stroke (degrees, ellipsoidal metres). */
  draft: GeodeticPoint[];
  /** A picked point for the active tool (click, tap, Enter at the crosshair). */
  placePoint: (point: GeodeticPoint) => void;
  /** A finished freehand stroke (already simplified). */
  addStroke: (points: GeodeticPoint[]) => void;
  finishDraft: () => void;
  cancelDraft: () => void;
  erase: (index: number) => void;
  undo: () => void;
  redo: () => void;
  clear: () => void;
  /** Replaces the sketches (a story scene); undoable. */
  load: (features: SketchFeature[]) => void;
  exportGeoJson: () => void;
  importFile: (file: File) => Promise<void>;
  /** The last import's problems, until dismissed. */
  importReport: SketchImportReport | undefined;
  dismissImportReport: () => void;
  /** The last thing said in the panel's live region. */
  announcement: string;
  /** Clears the sketches and their history and closes the panel (the app's reset). */
  reset: () => void;
  /** A notice from the map (nothing to draw on, no sketch there). */
  notify: (key: 'noSurface' | 'nothingThere' | 'needText') => void;
}

/**
 * Holds the sketches (history with undo/redo), the tool settings and the draft. `initial`: sketches from a shared
 * link (`sketch=`). While the panel is open, Ctrl+Z undoes and Ctrl+Y (or Ctrl+Shift+Z) redoes, and Escape cancels
 * the draft (a second Escape leaves the tool), wherever the focus is except in text fields. `SketchLayer` clears
 * the sketches on an app reset.
 */
export function useSketch(initial: readonly SketchFeature[] | undefined, language: Language): SketchSession {
  const [history, dispatch] = useReducer(reduce, initial ?? [], createSketchHistory);
  const [open, setOpenState] = useState(false);
  const [tool, setToolState] = useState<SketchTool | undefined>();
  const [colour, setColour] = useState<SketchColour>('red');
  const [width, setWidth] = useState<SketchWidth>('medium');
  const [noteText, setNoteText] = useState('');
  const [fingerDraws, setFingerDraws] = useState(false);
  const [visible, setVisible] = useState(true);
  const [draft, setDraft] = useState<GeodeticPoint[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [importReport, setImportReport] = useState<SketchImportReport>();
  const texts = SKETCH_TEXTS[language];
  const { features } = history;

  // Announcements name the count after the change: the reducer's result is not known in the callback.
  const pending = useRef<((count: number) => string) | undefined>(undefined);
  const act = useCallback((action: SketchAction, say?: (count: number) => string) => {
    pending.current = say;
    dispatch(action);
  }, []);
  useEffect(() => {
    const say = pending.current;
    pending.current = undefined;
    if (say) setAnnouncement(say(features.length));
  }, [features]);

  const add = useCallback(
    (feature: SketchFeature) => {
      act({ type: 'add', feature }, (count) =>
        fill(texts.added, {
          kind: sketchName(feature.kind, language),
          sketches: sketchCount(count, language),
        }),
      );
      setVisible(true);
    },
    [act, texts, language],
  );

  const setTool = useCallback((next: SketchTool | undefined) => {
    setToolState(next);
    setDraft([]);
  }, []);
  const takePen = useCallback(() => setToolState((current) => current ?? 'freehand'), []);
  const setOpen = useCallback(
    (next: boolean) => {
      setOpenState(next);
      if (!next) setTool(undefined);
    },
    [setTool],
  );

  const finishWith = useCallback(
    (points: GeodeticPoint[]) => {
      if (!tool || tool === 'eraser' || tool === 'text') return;
      if (points.length >= SKETCH_MIN_POINTS[tool]) add({ kind: tool, colour, width, points });
      setDraft([]);
    },
    [tool, colour, width, add],
  );

  const placePoint = useCallback(
    (point: GeodeticPoint) => {
      if (!tool || tool === 'eraser') return;
      if (tool === 'text') {
        const text = noteText.trim();
        if (text === '') {
          setAnnouncement(texts.needText);
          return;
        }
        add({ kind: 'text', colour, width, points: [point], text });
        return;
      }
      const points = [...draft, point];
      if ((tool === 'line' || tool === 'arrow') && points.length >= 2) finishWith(points);
      else {
        setDraft(points);
        setAnnouncement(points.length === 1 ? texts.pointsOne : fill(texts.points, { count: points.length }));
      }
    },
    [tool, noteText, colour, width, draft, add, finishWith, texts],
  );

  const addStroke = useCallback(
    (points: GeodeticPoint[]) => {
      if (points.length >= 2) add({ kind: 'freehand', colour, width, points });
    },
    [add, colour, width],
  );
  const finishDraft = useCallback(() => finishWith(draft), [finishWith, draft]);
  const cancelDraft = useCallback(() => {
    setDraft([]);
    setAnnouncement(texts.cancelled);
  }, [texts]);

  const erase = useCallback(
    (index: number) => {
      const feature = features[index];
      if (!feature) return;
      act({ type: 'erase', index }, (count) =>
        fill(texts.erased, {
          kind: sketchName(feature.kind, language),
          sketches: sketchCount(count, language),
        }),
      );
    },
    [act, features, texts, language],
  );
  const undo = useCallback(
    () => act({ type: 'undo' }, (count) => fill(texts.undone, { sketches: sketchCount(count, language) })),
    [act, texts, language],
  );
  const redo = useCallback(
    () => act({ type: 'redo' }, (count) => fill(texts.redone, { sketches: sketchCount(count, language) })),
    [act, texts, language],
  );
  const clear = useCallback(() => act({ type: 'clear' }, () => texts.cleared), [act, texts]);
  const load = useCallback((loaded: SketchFeature[]) => act({ type: 'load', features: loaded }), [act]);

  const exportGeoJson = useCallback(() => {
    const json = JSON.stringify(sketchesToGeoJson(features), null, 2);
    downloadBytes(json, language === 'de' ? 'skizzen.geojson' : 'sketches.geojson', 'application/geo+json');
  }, [features, language]);

  const importFile = useCallback(
    async (file: File) => {
      // An oversized file reads as empty text: "not readable JSON" names it without loading it.
      const reading = parseSketchGeoJson(file.size > MAX_FILE_BYTES ? '' : await file.text());
      const count = reading.features.length;
      if (count > 0) {
        act({ type: 'append', features: reading.features }, () =>
          fill(texts.imported, { sketches: sketchCount(count, language), file: file.name }),
        );
        setVisible(true);
      }
      setImportReport(
        reading.problems.length > 0 ? { file: file.name, problems: reading.problems } : undefined,
      );
      if (count === 0)
        setAnnouncement(fill(texts.imported, { sketches: sketchCount(0, language), file: file.name }));
    },
    [act, texts, language],
  );

  const notify = useCallback(
    (key: 'noSurface' | 'nothingThere' | 'needText') => setAnnouncement(texts[key]),
    [texts],
  );

  const reset = useCallback(() => {
    dispatch({ type: 'reset' });
    setOpen(false);
    setAnnouncement('');
    setImportReport(undefined);
    setVisible(true);
  }, [setOpen]);

  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input[type="text"], textarea, [contenteditable="true"]')) return;
      const key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && !event.altKey && (key === 'z' || key === 'y')) {
        event.preventDefault();
        if (key === 'y' || event.shiftKey) redo();
        else undo();
      } else if (event.key === 'Escape' && tool) {
        event.preventDefault();
        if (draft.length > 0) cancelDraft();
        else setTool(undefined);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open, tool, draft, undo, redo, cancelDraft, setTool]);

  return useMemo(
    () => ({
      features,
      canUndo: history.past.length > 0,
      canRedo: history.future.length > 0,
      open,
      setOpen,
      tool,
      setTool,
      takePen,
      colour,
      setColour,
      width,
      setWidth,
      noteText,
      setNoteText,
      fingerDraws,
      setFingerDraws,
      visible,
      setVisible,
      draft,
      placePoint,
      addStroke,
      finishDraft,
      cancelDraft,
      erase,
      undo,
      redo,
      clear,
      load,
      exportGeoJson,
      importFile,
      importReport,
      dismissImportReport: () => setImportReport(undefined),
      announcement,
      notify,
      reset,
    }),
    [
      features,
      history.past.length,
      history.future.length,
      open,
      setOpen,
      tool,
      setTool,
      takePen,
      colour,
      width,
      noteText,
      fingerDraws,
      visible,
      draft,
      placePoint,
      addStroke,
      finishDraft,
      cancelDraft,
      erase,
      undo,
      redo,
      clear,
      load,
      exportGeoJson,
      importFile,
      importReport,
      announcement,
      notify,
      reset,
    ],
  );
}

/** Whether a file's start marks it as a sketch (`stadtmodell:sketch`): read only for `.geojson` and `.json`. */
export async function isSketchFile(file: File): Promise<boolean> {
  if (!/\.(geo)?json$/i.test(file.name) || file.size > MAX_FILE_BYTES) return false;
  return isSketchHead(await file.slice(0, HEAD_BYTES).text());
}

/**
 * Wraps the app's `addFiles` for dropped or chosen files: sketch GeoJSON goes to the sketches, everything else on
 * as before.
 */
export function useSketchFiles(
  addOthers: (files: File[]) => void,
  importSketch: (file: File) => Promise<void>,
): (files: File[]) => void {
  const latest = useRef({ addOthers, importSketch });
  useEffect(() => {
    latest.current = { addOthers, importSketch };
  });
  return useCallback((files: File[]) => {
    void Promise.all(files.map(isSketchFile)).then(async (flags) => {
      const others = files.filter((_, i) => !flags[i]);
      if (others.length > 0) latest.current.addOthers(others);
      for (const file of files.filter((_, i) => flags[i])) await latest.current.importSketch(file);
    });
  }, []);
}
