import type { Language } from '../i18n/index.ts';
import { PanelToggle } from '../panels/PanelToggle.tsx';
import { MEASURE_TEXTS } from './texts.ts';
import type { MeasureSession } from './use-measure.ts';

// Apart from MeasurePanel.tsx, which loads when the panel first opens: the button and the crosshair are all
// the measure tools need at start-up.

/** The toolbar button that opens and closes the measure panel. */
export function MeasureButton({ session, language }: { session: MeasureSession; language: Language }) {
  const texts = MEASURE_TEXTS[language];
  return (
    <PanelToggle
      open={session.open}
      onToggle={() => session.setOpen(!session.open)}
      panelId="measure-panel"
      icon="↔"
      label={texts.measure}
      title={texts.measureTitle}
    />
  );
}

/** The crosshair in the middle of the map while a tool is active: where Enter places a point. */
export function MeasureCrosshair({ language }: { language: Language }) {
  return <div className="measure-crosshair" role="img" aria-label={MEASURE_TEXTS[language].crosshair} />;
}
