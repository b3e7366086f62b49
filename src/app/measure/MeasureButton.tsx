import type { Language } from '../i18n/index.ts';
import { MEASURE_TEXTS } from './texts.ts';
import type { MeasureSession } from './use-measure.ts';

// Apart from MeasurePanel.tsx, which loads when the panel first opens: the button and the crosshair are all
// the measure tools need at start-up.

/** The toolbar button that opens and closes the measure panel. */
export function MeasureButton({ session, language }: { session: MeasureSession; language: Language }) {
  const texts = MEASURE_TEXTS[language];
  return (
    <button
      type="button"
      className="tool-button"
      aria-expanded={session.open}
      aria-controls="measure-panel"
      title={texts.measureTitle}
      onClick={() => session.setOpen(!session.open)}
    >
      <span aria-hidden="true">↔</span> {texts.measure}
    </button>
  );
}

/** The crosshair in the middle of the map while a tool is active: where Enter places a point. */
export function MeasureCrosshair({ language }: { language: Language }) {
  return <div className="measure-crosshair" role="img" aria-label={MEASURE_TEXTS[language].crosshair} />;
}
