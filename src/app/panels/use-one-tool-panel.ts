import { useEffect, useRef } from 'react';
import type { MutableRefObject } from 'react';

/** What `useOneToolPanel` needs of a tool: its panel, and whether clicks are its own now. */
interface ToolPanel {
  open: boolean;
  setOpen(open: boolean): void;
}

/**
 * The tool panels that place points with clicks (measure, cut, sketch): at most one is open, opening one
 * closes the others. `toolActive` is true while one of them takes the clicks (a measure tool, a cut being
 * picked or drawn, a sketch tool), and for a task after: the click that ended a tool's mode (a picked plan
 * area) reaches the layer picker a task later, and is still the tool's.
 */
export function useOneToolPanel(
  measure: ToolPanel & { state: { tool?: unknown } },
  cut: ToolPanel & { mode?: unknown },
  sketch: ToolPanel & { tool?: unknown },
): { toolActive: MutableRefObject<boolean> } {
  const toolActive = useRef(false);
  const measureTool = measure.state.tool;
  useEffect(() => {
    if (measureTool !== undefined || cut.mode !== undefined || sketch.tool !== undefined) {
      toolActive.current = true;
      return;
    }
    const timer = setTimeout(() => {
      toolActive.current = false;
    }, 50);
    return () => clearTimeout(timer);
  }, [measureTool, cut.mode, sketch.tool]);
  const { setOpen: setCutOpen } = cut;
  const { setOpen: setMeasureOpen } = measure;
  const { setOpen: setSketchOpen } = sketch;
  useEffect(() => {
    if (measure.open) setCutOpen(false);
  }, [measure.open, setCutOpen]);
  useEffect(() => {
    if (cut.open) setMeasureOpen(false);
  }, [cut.open, setMeasureOpen]);
  useEffect(() => {
    if (sketch.open) {
      setMeasureOpen(false);
      setCutOpen(false);
    }
  }, [sketch.open, setMeasureOpen, setCutOpen]);
  useEffect(() => {
    if (measure.open || cut.open) setSketchOpen(false);
  }, [measure.open, cut.open, setSketchOpen]);
  return { toolActive };
}
