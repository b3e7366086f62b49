import { useId, useRef, useState } from 'react';
import { SKETCH_COLOURS, SKETCH_KINDS, SKETCH_WIDTHS } from '../../core/sketch/model.ts';
import type { SketchColour, SketchWidth } from '../../core/sketch/model.ts';
import type { Language } from '../i18n/index.ts';
import { BottomSheet, TOOL_SHEET } from '../panels/BottomSheet.tsx';
import { SKETCH_TEXTS, fill, formatSketchProblem, sketchName } from './texts.ts';
import type { SketchTool } from './texts.ts';
import type { SketchSession } from './use-sketch.ts';
import { SwitchLayerRow } from '../layers/SwitchLayerRow.tsx';
import { PanelHeader } from '../panels/PanelHeader.tsx';

const TOOLS: readonly SketchTool[] = [...SKETCH_KINDS, 'eraser'];
const TOOL_ICONS: Record<SketchTool, string> = {
  freehand: '✎',
  line: '╱',
  arrow: '➚',
  polygon: '⬠',
  text: 'T',
  eraser: '⌫',
};
const HINTS = {
  freehand: 'hintFreehand',
  line: 'hintLine',
  arrow: 'hintArrow',
  polygon: 'hintPolygon',
  text: 'hintText',
  eraser: 'hintEraser',
} as const;

/** The toolbar button that opens and closes the sketch panel. */
export function SketchButton({ session, language }: { session: SketchSession; language: Language }) {
  const texts = SKETCH_TEXTS[language];
  return (
    <button
      type="button"
      className="tool-button"
      aria-expanded={session.open}
      aria-controls="sketch-panel"
      title={texts.sketchTitle}
      onClick={() => session.setOpen(!session.open)}
    >
      <span aria-hidden="true">✎</span> <span className="tool-label">{texts.sketch}</span>
    </button>
  );
}

/**
 * The sketch panel: tools (pen, line, arrow, polygon, note, eraser), colours and widths as radio groups, undo and
 * redo, clear with a confirmation, the list of sketches (each removable), GeoJSON export and import, and a live
 * region that says what changed. A bottom sheet on phones (`BottomSheet`).
 */
export function SketchPanel({
  session,
  language,
  files = true,
}: {
  session: SketchSession;
  language: Language;
  /** Whether GeoJSON export and import are offered (not in a kiosk: nothing to download there). */
  files?: boolean;
}) {
  const texts = SKETCH_TEXTS[language];
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [confirming, setConfirming] = useState(false);
  const { tool, features } = session;
  const needsFinish = tool === 'polygon' || (tool === 'freehand' && session.draft.length > 0);

  const panel = (
    <section
      id="sketch-panel"
      className="sketch-panel"
      aria-labelledby={`${id}-title`}
      data-sketch-count={features.length}
    >
      <PanelHeader
        titleId={`${id}-title`}
        title={texts.panel}
        closeLabel={texts.close}
        onClose={() => session.setOpen(false)}
      />
      <div role="group" aria-label={texts.tools} className="sketch-tools">
        {TOOLS.map((name) => (
          <button
            key={name}
            type="button"
            className="tool-button secondary"
            aria-pressed={tool === name}
            data-tool={name}
            onClick={() => session.setTool(tool === name ? undefined : name)}
          >
            <span aria-hidden="true">{TOOL_ICONS[name]}</span> {sketchName(name, language)}
          </button>
        ))}
      </div>
      <fieldset className="sketch-choice">
        <legend>{texts.colours}</legend>
        {(Object.keys(SKETCH_COLOURS) as SketchColour[]).map((colour) => (
          <label key={colour} className="sketch-swatch" title={sketchName(colour, language)}>
            <input
              type="radio"
              name={`${id}-colour`}
              value={colour}
              checked={session.colour === colour}
              onChange={() => session.setColour(colour)}
            />
            <span className="sketch-swatch-colour" style={{ background: SKETCH_COLOURS[colour] }} />
            <span className="sketch-swatch-name">{sketchName(colour, language)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="sketch-choice">
        <legend>{texts.widths}</legend>
        {(Object.keys(SKETCH_WIDTHS) as SketchWidth[]).map((width) => (
          <label key={width} className="sketch-width">
            <input
              type="radio"
              name={`${id}-width`}
              value={width}
              checked={session.width === width}
              onChange={() => session.setWidth(width)}
            />
            <span
              className="sketch-width-line"
              aria-hidden="true"
              style={{ height: SKETCH_WIDTHS[width], background: SKETCH_COLOURS[session.colour] }}
            />
            {sketchName(width, language)}
          </label>
        ))}
      </fieldset>
      {tool === 'text' && (
        <label className="sketch-note">
          {texts.noteText}
          <input
            type="text"
            value={session.noteText}
            maxLength={500}
            onChange={(event) => session.setNoteText(event.target.value)}
          />
        </label>
      )}
      <label className="sketch-finger">
        <input
          type="checkbox"
          checked={session.fingerDraws}
          onChange={(event) => session.setFingerDraws(event.target.checked)}
        />
        {texts.fingerDraws}
      </label>
      <p className="sketch-hint">{tool ? texts[HINTS[tool]] : texts.hintNone}</p>
      {(tool === 'polygon' || session.draft.length > 0) && (
        <div className="sketch-actions">
          {needsFinish && (
            <button
              type="button"
              className="tool-button"
              disabled={session.draft.length < (tool === 'polygon' ? 3 : 2)}
              onClick={session.finishDraft}
            >
              {texts.finish}
            </button>
          )}
          <button
            type="button"
            className="tool-button secondary"
            disabled={session.draft.length === 0}
            onClick={session.cancelDraft}
          >
            {texts.cancel}
          </button>
        </div>
      )}
      <div className="sketch-actions">
        <button
          type="button"
          className="tool-button secondary"
          disabled={!session.canUndo}
          onClick={session.undo}
          aria-keyshortcuts="Control+Z"
        >
          <span aria-hidden="true">↶</span> {texts.undo}
        </button>
        <button
          type="button"
          className="tool-button secondary"
          disabled={!session.canRedo}
          onClick={session.redo}
          aria-keyshortcuts="Control+Y"
        >
          <span aria-hidden="true">↷</span> {texts.redo}
        </button>
      </div>
      <div className="sketch-status" role="status" aria-live="polite" aria-atomic="true">
        {session.announcement}
      </div>
      {session.importReport && (
        <div className="sketch-problems" role="alert">
          <p>{fill(texts.problemsTitle, { file: session.importReport.file })}</p>
          <ul>
            {session.importReport.problems.slice(0, 20).map((problem, i) => (
              <li key={i}>{formatSketchProblem(problem, language)}</li>
            ))}
          </ul>
          <button type="button" className="tool-button secondary" onClick={session.dismissImportReport}>
            {texts.dismiss}
          </button>
        </div>
      )}
      {features.length > 0 && (
        <>
          <h3>{fill(texts.list, { count: features.length })}</h3>
          <ul className="sketch-list">
            {features.map((feature, index) => {
              const name = `${sketchName(feature.kind, language)} ${index + 1}${feature.text ? `: ${feature.text}` : ''}`;
              return (
                <li key={index}>
                  <span
                    className="sketch-swatch-colour"
                    aria-hidden="true"
                    style={{ background: SKETCH_COLOURS[feature.colour] }}
                  />
                  <span className="sketch-list-name">{name}</span>
                  <button
                    type="button"
                    className="tool-button secondary"
                    aria-label={`${texts.remove}: ${name}`}
                    onClick={() => session.erase(index)}
                  >
                    {texts.remove}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <div className="sketch-actions">
        {files && (
          <>
            <button
              type="button"
              className="tool-button secondary"
              disabled={features.length === 0}
              onClick={session.exportGeoJson}
            >
              {texts.export}
            </button>
            <button
              type="button"
              className="tool-button secondary"
              onClick={() => fileInput.current?.click()}
            >
              {texts.import}
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".geojson,.json,application/geo+json"
              hidden
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void session.importFile(file);
              }}
            />
          </>
        )}
        {!confirming && (
          <button
            type="button"
            className="tool-button secondary"
            disabled={features.length === 0}
            onClick={() => setConfirming(true)}
          >
            {texts.clear}
          </button>
        )}
      </div>
      {confirming && (
        <div className="sketch-confirm" role="group" aria-label={texts.clear}>
          <p>
            {features.length === 1
              ? texts.clearConfirmOne
              : fill(texts.clearConfirm, { count: features.length })}
          </p>
          <div className="sketch-actions">
            <button
              type="button"
              className="tool-button"
              onClick={() => {
                session.clear();
                setConfirming(false);
              }}
            >
              {texts.clearYes}
            </button>
            <button
              type="button"
              className="tool-button secondary"
              autoFocus
              onClick={() => setConfirming(false)}
            >
              {texts.clearNo}
            </button>
          </div>
        </div>
      )}
    </section>
  );
  // While a tool is on, Escape is the tool's (cancel the draft, then leave the tool; `useSketch`).
  return (
    <BottomSheet
      panelName={texts.panel}
      language={language}
      onClose={() => session.setOpen(false)}
      options={TOOL_SHEET}
      escapeCloses={!tool}
      testId="sketch-sheet"
    >
      {panel}
    </BottomSheet>
  );
}

/** The crosshair in the middle of the map while a sketch tool is on: where Enter places a point. */
export function SketchCrosshair({ language }: { language: Language }) {
  return <div className="sketch-crosshair" role="img" aria-label={SKETCH_TEXTS[language].crosshair} />;
}

/** The sketch layer's line in the layer tree: shown or hidden, with the number of sketches. */
export function SketchLayerRow({ session, language }: { session: SketchSession; language: Language }) {
  const texts = SKETCH_TEXTS[language];
  return (
    <SwitchLayerRow
      legend={texts.layer}
      layer="sketches"
      className="sketch-layer-row"
      checked={session.visible}
      onChange={session.setVisible}
    >
      {texts.layer} ({session.features.length})
    </SwitchLayerRow>
  );
}
