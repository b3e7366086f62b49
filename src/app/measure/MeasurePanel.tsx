import { useId } from 'react';
import { formatMeasurements, measurementsToGeoJson } from '../../core/measure/measurement.ts';
import type { MeasureKind } from '../../core/measure/measurement.ts';
import type { Language } from '../i18n/index.ts';
import { BottomSheet, TOOL_SHEET } from '../panels/BottomSheet.tsx';
import { describeMeasurement, measurementLabel, precisionNote } from './describe.ts';
import { fill, MEASURE_TEXTS } from './texts.ts';
import type { MeasureSession } from './use-measure.ts';
import { PanelHeader } from '../panels/PanelHeader.tsx';

const TOOLS: readonly MeasureKind[] = ['distance', 'height', 'area'];
const HINTS = { distance: 'hintDistance', height: 'hintHeight', area: 'hintArea' } as const;

/**
 * The measure panel: one tool at a time (distance, height, area), snapping, finish / undo / cancel buttons for
 * touch, the result in a live region with a copy button, and the kept layer with its GeoJSON export.
 */
export function MeasurePanel({ session, language }: { session: MeasureSession; language: Language }) {
  const texts = MEASURE_TEXTS[language];
  const id = useId();
  const { state, dispatch, setNotice } = session;
  const shown = state.current ?? state.result;
  const lines = shown ? describeMeasurement(shown, language) : [];
  const progress =
    state.current && state.current.kind !== 'height'
      ? fill(texts.points, { count: state.current.points.length })
      : '';
  const noticeText = session.notice ? texts[session.notice] : '';

  const copy = () => {
    const text = lines.join('\n');
    if (!navigator.clipboard) {
      setNotice('copyFailed');
      return;
    }
    navigator.clipboard.writeText(text).then(
      () => setNotice('copied'),
      () => setNotice('copyFailed'),
    );
  };
  const exportGeoJson = () => {
    const json = JSON.stringify(measurementsToGeoJson(state.kept), null, 2);
    const url = URL.createObjectURL(new Blob([json], { type: 'application/geo+json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'messungen.geojson';
    document.body.append(link);
    link.click();
    link.remove();
    // Late enough for the browser to have read the blob.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  const panel = (
    <section
      id="measure-panel"
      className="measure-panel"
      aria-labelledby={`${id}-title`}
      data-measure={formatMeasurements(state.kept)}
    >
      <PanelHeader
        titleId={`${id}-title`}
        title={texts.panel}
        closeLabel={texts.close}
        onClose={() => session.setOpen(false)}
      />
      <div role="group" aria-label={texts.tools} className="measure-tools">
        {TOOLS.map((tool) => (
          <button
            key={tool}
            type="button"
            className="tool-button secondary"
            aria-pressed={state.tool === tool}
            data-tool={tool}
            onClick={() => {
              dispatch({ type: 'tool', tool: state.tool === tool ? undefined : tool });
              setNotice(undefined);
            }}
          >
            {texts[tool]}
          </button>
        ))}
      </div>
      <label className="measure-snap">
        <input
          type="checkbox"
          checked={state.snap}
          onChange={(event) => dispatch({ type: 'snap', snap: event.target.checked })}
        />
        {texts.snap}
      </label>
      {state.tool && <p className="measure-hint">{texts[HINTS[state.tool]]}</p>}
      {state.tool && (
        <div className="measure-actions">
          <button
            type="button"
            className="tool-button"
            disabled={!state.current}
            onClick={() => dispatch({ type: 'finish' })}
          >
            {texts.finish}
          </button>
          <button
            type="button"
            className="tool-button secondary"
            disabled={!state.current || state.current.kind === 'height'}
            onClick={() => dispatch({ type: 'undo' })}
          >
            {texts.undo}
          </button>
          <button
            type="button"
            className="tool-button secondary"
            disabled={!state.current}
            onClick={() => {
              dispatch({ type: 'cancel' });
              setNotice('cancelled');
            }}
          >
            {texts.cancel}
          </button>
        </div>
      )}
      <div
        className="measure-result"
        role="status"
        aria-live="polite"
        aria-atomic="true"
        data-measure-result={shown ? 'yes' : 'no'}
      >
        {progress && <p>{progress}</p>}
        {lines.map((line, i) => (
          <p key={i} className={i === 0 ? 'measure-headline' : undefined}>
            {line}
          </p>
        ))}
        {noticeText && <p className="measure-notice">{noticeText}</p>}
      </div>
      {lines.length > 0 && (
        <div className="measure-actions">
          <button type="button" className="tool-button secondary" onClick={copy}>
            {texts.copy}
          </button>
          {state.result && (
            <button
              type="button"
              className="tool-button secondary"
              onClick={() => {
                dispatch({ type: 'keep' });
                setNotice('kept');
              }}
            >
              {texts.keep}
            </button>
          )}
        </div>
      )}
      <p className="measure-precision">{precisionNote(language)}</p>
      {state.kept.length > 0 && (
        <>
          <h3>{texts.kept}</h3>
          <ul className="measure-kept">
            {state.kept.map((measurement, index) => (
              <li key={index}>
                <span>
                  {texts[measurement.kind]}: {measurementLabel(measurement, language)}
                </span>
                <button
                  type="button"
                  className="tool-button secondary"
                  aria-label={`${texts.remove}: ${texts[measurement.kind]} ${measurementLabel(measurement, language)}`}
                  onClick={() => dispatch({ type: 'remove', index })}
                >
                  {texts.remove}
                </button>
              </li>
            ))}
          </ul>
          <div className="measure-actions">
            <button
              type="button"
              className="tool-button secondary"
              data-testid="measure-export"
              onClick={exportGeoJson}
            >
              {texts.export}
            </button>
            <button
              type="button"
              className="tool-button secondary"
              onClick={() => dispatch({ type: 'removeAll' })}
            >
              {texts.removeAll}
            </button>
          </div>
        </>
      )}
    </section>
  );
  return (
    <BottomSheet
      panelName={texts.panel}
      language={language}
      onClose={() => session.setOpen(false)}
      options={TOOL_SHEET}
      escapeCloses={!state.tool}
      testId="measure-sheet"
    >
      {panel}
    </BottomSheet>
  );
}
