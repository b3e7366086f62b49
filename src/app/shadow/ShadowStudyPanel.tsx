import { useId } from 'react';
import { WithEnglishPart } from '../i18n/EnglishPart.tsx';
import type { Language } from '../i18n/index.ts';
import { BottomSheet, TOOL_SHEET } from '../panels/BottomSheet.tsx';
import type { PanelFocusOptions } from '../panels/use-panel-focus.ts';
import { dateText } from '../sun/SunPanel.tsx';
import { fill } from '../sun/texts.ts';
import { hoursText, resultSentences } from './describe-result.ts';
import { heatMapScale, legendTicks, rampGradient } from './heat-map.ts';
import { SHADOW_TEXTS } from './texts.ts';
import type { ShadowStudySession, StudyDate, StudyStatus, StudyView } from './use-shadow-study.ts';
import { PanelHeader } from '../panels/PanelHeader.tsx';

function statusText(status: StudyStatus, language: Language): string {
  const texts = SHADOW_TEXTS[language];
  switch (status.kind) {
    case 'loading-plan':
      return texts.loadingPlan;
    case 'running': {
      const p = status.progress;
      if (!p || p.phase === 'buildings') return texts.phaseBuildings;
      return fill(p.phase === 'today' ? texts.phaseToday : texts.phaseWithPlan, {
        done: p.done,
        total: p.total,
      });
    }
    case 'cancelled':
      return texts.cancelled;
    case 'error':
      return status.planName !== undefined
        ? fill(texts.planFailed, { name: status.planName, message: status.message })
        : fill(texts.failed, { message: status.message });
    default:
      return '';
  }
}

/** Progress 0–1 over the whole study: reading buildings, today, with the plan. */
function progressValue(status: StudyStatus): number | undefined {
  if (status.kind !== 'running' || !status.progress) return undefined;
  const { phase, done, total } = status.progress;
  const part = total > 0 ? done / total : 0;
  return phase === 'buildings' ? 0.1 * part : phase === 'today' ? 0.1 + 0.45 * part : 0.55 + 0.45 * part;
}

/** Opened from the sun panel, which closes: closing this one hands the focus to the sun panel's toolbar button. */
const SHADOW_PANEL_FOCUS: PanelFocusOptions = { opener: '[aria-controls="sun-panel"]' };

const sameDay = (a: StudyDate, b: StudyDate) => a.year === b.year && a.month === b.month && a.day === b.day;

/**
 * The shadow study panel: area (a plan's area in one click, or the view centre), the sun panel's day, compute and
 * cancel, progress, which hours to show (today, with the plan, the difference), the legend, and the results as
 * text in a polite live region. A bottom sheet on phones (`BottomSheet`).
 */
export function ShadowStudyPanel({
  session,
  language,
  onChangeDay,
}: {
  session: ShadowStudySession;
  language: Language;
  onChangeDay: () => void;
}) {
  const texts = SHADOW_TEXTS[language];
  const id = useId();
  const { status, result, choices, choice, view } = session;
  const busy = status.kind === 'running' || status.kind === 'loading-plan';
  const progress = progressValue(status);
  const scale = heatMapScale(session);
  const views: StudyView[] = result?.withPlan ? ['today', 'with-plan', 'difference'] : ['today'];
  const viewLabel = {
    today: texts.today,
    'with-plan': texts.withPlan,
    difference: texts.difference,
  } as const;
  const sentences = result ? resultSentences(result, language) : [];
  const message = statusText(status, language);
  const envelopes =
    view === 'with-plan' && session.envelopesShown !== undefined
      ? fill(texts.envelopesOn, { layer: session.envelopesShown })
      : '';
  const panel = (
    <section
      id="shadow-panel"
      className="shadow-panel"
      aria-labelledby={`${id}-title`}
      data-testid="shadow-panel"
    >
      <PanelHeader
        titleId={`${id}-title`}
        title={texts.panel}
        closeLabel={texts.close}
        onClose={() => session.setOpen(false)}
      />
      <label className="shadow-field">
        {texts.area}
        <select
          value={choice}
          onChange={(event) => session.setChoice(Number(event.target.value))}
          disabled={busy}
          data-testid="shadow-area"
        >
          {choices.map((c, index) => (
            <option key={c.kind === 'plan' ? c.planId : 'view'} value={index}>
              {c.kind === 'plan' ? fill(texts.planArea, { name: c.name }) : texts.viewArea}
            </option>
          ))}
        </select>
      </label>
      <p className="shadow-day">
        {fill(texts.day, { date: dateText(session.date, language) })}{' '}
        <button type="button" className="tool-button secondary" onClick={onChangeDay}>
          {texts.changeDay}
        </button>
      </p>
      <div className="shadow-actions">
        <button
          type="button"
          className="tool-button"
          onClick={session.run}
          disabled={busy}
          data-testid="shadow-run"
        >
          {texts.run}
        </button>
        {busy && (
          <button
            type="button"
            className="tool-button secondary"
            onClick={session.cancel}
            data-testid="shadow-cancel"
          >
            {texts.cancel}
          </button>
        )}
      </div>
      {/* Always laid out, so the panel (anchored at the bottom) does not jump while a study starts and ends. */}
      <label className="shadow-progress" style={{ visibility: busy ? 'visible' : 'hidden' }}>
        <span>{texts.progress}</span>
        <progress max={1} value={progress ?? 0} aria-valuetext={message} />
      </label>
      <p className={status.kind === 'error' ? 'shadow-error' : 'shadow-status'} data-testid="shadow-status">
        {status.kind === 'error' ? (
          <WithEnglishPart
            language={language}
            english={status.message}
            sentence={(part) => statusText({ ...status, message: part }, language)}
          />
        ) : (
          message
        )}
      </p>
      {result && (
        <>
          {!sameDay(result.date, session.date) && (
            <p className="shadow-stale">{fill(texts.stale, { date: dateText(result.date, language) })}</p>
          )}
          <fieldset className="shadow-views">
            <legend>{texts.show}</legend>
            {views.map((v) => (
              <label key={v}>
                <input
                  type="radio"
                  name={`${id}-view`}
                  value={v}
                  checked={view === v}
                  onChange={() => session.setView(v)}
                  data-testid={`shadow-view-${v}`}
                />
                {viewLabel[v]}
              </label>
            ))}
          </fieldset>
          <figure className="shadow-legend" data-testid="shadow-legend">
            <figcaption>{view === 'difference' ? texts.legendLoss : texts.legendHours}</figcaption>
            <div
              className="shadow-ramp"
              style={{ backgroundImage: rampGradient(view === 'difference' ? 'loss' : 'hours') }}
              aria-hidden="true"
            />
            <ol className="shadow-ticks">
              {legendTicks(scale).map((tick) => (
                <li key={tick} style={{ left: `${(tick / scale) * 100}%` }}>
                  {fill(texts.hoursUnit, { value: hoursText(tick, language) })}
                </li>
              ))}
            </ol>
            <p className="shadow-nodata">
              <span className="shadow-swatch" aria-hidden="true" /> {texts.noData}
            </p>
          </figure>
          <div className="shadow-results">
            {sentences.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
          {envelopes && (
            <p className="shadow-status" data-testid="shadow-envelopes">
              {envelopes}
            </p>
          )}
          <p className="shadow-note">
            {fill(texts.method, { cell: hoursText(result.grid.cellSize, language) })}
          </p>
        </>
      )}
      <div
        className="visually-hidden"
        role="status"
        aria-live="polite"
        aria-atomic="true"
        data-testid="shadow-live"
      >
        {status.kind === 'done'
          ? [...sentences, envelopes].filter(Boolean).join(' ')
          : status.kind === 'running'
            ? ''
            : message}
      </div>
    </section>
  );
  return (
    <BottomSheet
      panelName={texts.panel}
      language={language}
      onClose={() => session.setOpen(false)}
      options={TOOL_SHEET}
      focus={SHADOW_PANEL_FOCUS}
      testId="shadow-sheet"
    >
      {panel}
    </BottomSheet>
  );
}
