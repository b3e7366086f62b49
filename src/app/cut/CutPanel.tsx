import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import type { LayerConfig } from '../layers/types.ts';
import { planAreaChoices } from './plan-area-choices.ts';
import type { Language } from '../i18n/index.ts';
import { BottomSheet, TOOL_SHEET } from '../panels/BottomSheet.tsx';
import { fill } from '../measure/texts.ts';
import { CUT_TEXTS } from './texts.ts';
import { CUT_CENTRE_POINT } from './use-cut.ts';
import type { CutSession } from './use-cut.ts';
import { PanelHeader } from '../panels/PanelHeader.tsx';

/** Metres one move step shifts the plane; degrees one turn or tilt step turns it. */
const MOVE_STEP = 5;
const TURN_STEP = 15;

/**
 * The cut panel: the section plane (on/off, move, turn, tilt, flip; arrow keys on its group) and the hidden area
 * (a plan area chosen from the list or clicked in the map, or an area drawn by clicks), with the results in a live
 * region.
 */
export function CutPanel({
  session,
  language,
  plans,
  layers,
}: {
  session: CutSession;
  language: Language;
  plans: Record<string, PlanLayerData>;
  layers: readonly LayerConfig[];
}) {
  const texts = CUT_TEXTS[language];
  const id = useId();
  const [chosen, setChosen] = useState('');
  const choices = planAreaChoices(plans, layers, language);
  const choice = choices.find((c) => c.key === chosen);
  const { plane } = session;

  const onPlaneKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!session.planeOn) return;
    const actions: Record<string, () => void> = {
      ArrowUp: () => session.move(MOVE_STEP),
      ArrowDown: () => session.move(-MOVE_STEP),
      ArrowLeft: () => session.turn(-TURN_STEP),
      ArrowRight: () => session.turn(TURN_STEP),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  let announcement = '';
  if (session.notice) announcement = texts[session.notice];
  else if (session.mode === 'draw') announcement = fill(texts.points, { count: session.drawing.length });
  else if (session.area && session.hiddenCount !== undefined) {
    const label = session.area.label ?? texts.drawnArea;
    announcement =
      session.hiddenCount === 1
        ? fill(texts.hiddenOne, { label })
        : fill(texts.hidden, { count: session.hiddenCount, label });
  }
  const planeState =
    session.planeOn && session.anchor
      ? fill(texts.planeState, {
          heading: Math.round(plane.headingDegrees),
          tilt: Math.round(plane.tiltDegrees),
          offset: plane.offsetMetres.toLocaleString(language === 'de' ? 'de-DE' : 'en-GB'),
        })
      : '';

  const panel = (
    <section
      id="cut-panel"
      className="measure-panel cut-panel"
      aria-labelledby={`${id}-title`}
      data-cut-hidden={session.hiddenCount ?? ''}
      data-cut-area={session.area ? 'yes' : 'no'}
    >
      <PanelHeader
        titleId={`${id}-title`}
        title={texts.panel}
        closeLabel={texts.close}
        onClose={() => session.setOpen(false)}
      />
      <h3>{texts.plane}</h3>
      <label className="measure-snap">
        <input
          type="checkbox"
          checked={session.planeOn}
          onChange={(event) => session.setPlaneOn(event.target.checked)}
        />
        {texts.planeOn}
      </label>
      {session.planeOn && (
        <div role="group" aria-label={texts.plane} aria-describedby={`${id}-keys`} onKeyDown={onPlaneKey}>
          <p id={`${id}-keys`} className="measure-hint">
            {texts.planeKeys}
          </p>
          <div className="measure-actions">
            <button type="button" className="tool-button secondary" onClick={() => session.move(-MOVE_STEP)}>
              {fill(texts.moveBack, { step: MOVE_STEP })}
            </button>
            <button type="button" className="tool-button secondary" onClick={() => session.move(MOVE_STEP)}>
              {fill(texts.moveForward, { step: MOVE_STEP })}
            </button>
            <button type="button" className="tool-button secondary" onClick={() => session.turn(-TURN_STEP)}>
              {fill(texts.turnLeft, { step: TURN_STEP })}
            </button>
            <button type="button" className="tool-button secondary" onClick={() => session.turn(TURN_STEP)}>
              {fill(texts.turnRight, { step: TURN_STEP })}
            </button>
            <button type="button" className="tool-button secondary" onClick={() => session.tilt(-TURN_STEP)}>
              {fill(texts.tiltDown, { step: TURN_STEP })}
            </button>
            <button type="button" className="tool-button secondary" onClick={() => session.tilt(TURN_STEP)}>
              {fill(texts.tiltUp, { step: TURN_STEP })}
            </button>
            <button
              type="button"
              className="tool-button secondary"
              aria-pressed={plane.flipped}
              onClick={session.flip}
            >
              {texts.flip}
            </button>
          </div>
        </div>
      )}
      <h3>{texts.area}</h3>
      {choices.length === 0 ? (
        <p className="measure-hint">{texts.noPlans}</p>
      ) : (
        <>
          <label className="cut-choice">
            {texts.planAreas}
            <select value={chosen} onChange={(event) => setChosen(event.target.value)}>
              <option value="">{texts.choosePlanArea}</option>
              {choices.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <div className="measure-actions">
            <button
              type="button"
              className="tool-button"
              disabled={!choice}
              data-action="hide-chosen"
              onClick={() => choice && session.hideArea(choice.ring, choice.label)}
            >
              {texts.hideChosen}
            </button>
            <button
              type="button"
              className="tool-button secondary"
              aria-pressed={session.mode === 'pick'}
              onClick={() => session.setMode(session.mode === 'pick' ? undefined : 'pick')}
            >
              {texts.pickPlanArea}
            </button>
          </div>
        </>
      )}
      <div className="measure-actions">
        <button
          type="button"
          className="tool-button secondary"
          aria-pressed={session.mode === 'draw'}
          onClick={() => session.setMode(session.mode === 'draw' ? undefined : 'draw')}
        >
          {texts.draw}
        </button>
        <button
          type="button"
          className="tool-button secondary"
          disabled={!session.area}
          onClick={session.clearArea}
        >
          {texts.clear}
        </button>
      </div>
      {session.mode === 'pick' && <p className="measure-hint">{texts.pickHint}</p>}
      {session.mode === 'draw' && (
        <>
          <p className="measure-hint">{texts.drawHint}</p>
          <div className="measure-actions">
            <button
              type="button"
              className="tool-button secondary"
              onClick={() => document.dispatchEvent(new CustomEvent(CUT_CENTRE_POINT))}
            >
              {texts.addCentre}
            </button>
            <button
              type="button"
              className="tool-button"
              disabled={session.drawing.length < 3}
              onClick={session.finishDrawing}
            >
              {texts.finish}
            </button>
            <button
              type="button"
              className="tool-button secondary"
              onClick={() => {
                session.setMode(undefined);
                session.setNotice('cancelled');
              }}
            >
              {texts.cancel}
            </button>
          </div>
        </>
      )}
      <div className="measure-result" role="status" aria-live="polite" aria-atomic="true">
        {planeState && <p>{planeState}</p>}
        {announcement && <p className="measure-headline">{announcement}</p>}
      </div>
    </section>
  );
  return (
    <BottomSheet
      panelName={texts.panel}
      language={language}
      onClose={() => session.setOpen(false)}
      options={TOOL_SHEET}
      escapeCloses={!session.mode}
      testId="cut-sheet"
    >
      {panel}
    </BottomSheet>
  );
}
