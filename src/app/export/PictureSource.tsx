import { useEffect } from 'react';
import type { PictureSize } from '../../core/picture/picture.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import { captureView } from './capture.ts';
import type { CapturedView } from './capture.ts';

/** What the export dialog (outside the viewer) may ask of the viewer. */
export interface PictureSourceApi {
  /** Draws the current view at `size` pixels (see `captureView`). */
  capture(size: PictureSize): Promise<CapturedView>;
  /** The map's size on screen in device pixels ("current window"). */
  windowSize(): PictureSize;
}

/** Where `PictureSource` puts its API while mounted. */
export type PictureSourceRef = { current: PictureSourceApi | undefined };

/** Inside the CityViewer: offers captures of the view to the export dialog through `sourceRef`. */
export function PictureSource({ sourceRef }: { sourceRef: PictureSourceRef }) {
  const viewer = useViewer();
  useEffect(() => {
    const api: PictureSourceApi = {
      capture: (size) => captureView(viewer, size),
      windowSize: () => {
        const ratio = globalThis.devicePixelRatio || 1;
        return {
          width: Math.max(1, Math.round(viewer.canvas.clientWidth * ratio)),
          height: Math.max(1, Math.round(viewer.canvas.clientHeight * ratio)),
        };
      },
    };
    sourceRef.current = api;
    return () => {
      if (sourceRef.current === api) sourceRef.current = undefined;
    };
  }, [viewer, sourceRef]);
  return null;
}
