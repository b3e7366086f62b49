import { useId } from 'react';
import type { Language } from '../i18n/index.ts';
import { fill } from '../measure/texts.ts';
import { BottomSheet, TOOL_SHEET } from '../panels/BottomSheet.tsx';
import { COMPARE_TEXTS } from './texts.ts';
import type { CompareSession } from './use-compare.ts';
import type { CompareSides } from './use-compare-sides.ts';
import { PanelHeader } from '../panels/PanelHeader.tsx';

/** Whether both compared tilesets have loaded their first view, one has failed, or they are still loading. */
function loadOf(sides: CompareSides): 'loading' | 'loaded' | 'error' {
  const { left, right } = sides.loads;
  if (left === 'error' || right === 'error') return 'error';
  return left === 'loaded' && right === 'loaded' ? 'loaded' : 'loading';
}

/**
 * The compare panel, shown while the divider is on: what is compared (today and the plan, or two states) and, for
 * two states, which tileset lies left and which right of the divider, from the city's tilesets, its other states
 * and the imports. Load failures and link ids that do not exist here are announced (live region) by name.
 */
export function ComparePanel({
  session,
  sides,
  language,
  planShown,
}: {
  session: CompareSession;
  sides: CompareSides;
  language: Language;
  /** The cut tool hides an area or cuts with a plane: without either, "today and the plan" shows one city twice. */
  planShown: boolean;
}) {
  const texts = COMPARE_TEXTS[language];
  const id = useId();
  const resolved = sides.sides;
  const tilesets = session.mode === 'tilesets' && resolved !== undefined;
  const choose = (side: 'left' | 'right', chosen: string) => {
    if (!resolved) return;
    session.compareTilesets({
      left: side === 'left' ? chosen : resolved.left.id,
      right: side === 'right' ? chosen : resolved.right.id,
    });
  };
  const messages: string[] = [];
  if (tilesets) {
    messages.push(fill(texts.sides, { left: resolved.left.label, right: resolved.right.label }));
    for (const unknown of resolved.unknown) {
      const shown = session.asked.left === unknown ? resolved.left : resolved.right;
      messages.push(fill(texts.unknown, { id: unknown, label: shown.label }));
    }
    for (const side of ['left', 'right'] as const) {
      if (sides.loads[side] !== 'error') continue;
      const { label, missingHint } = resolved[side];
      messages.push(fill(texts.failed, { label, hint: missingHint ?? '' }).trim());
    }
    if (loadOf(sides) === 'loading') messages.push(texts.loading);
  }
  const sideSelect = (side: 'left' | 'right') =>
    resolved && (
      <label className="cut-choice">
        {texts[side]}
        <select
          value={resolved[side].id}
          data-side={side}
          onChange={(event) => choose(side, event.target.value)}
        >
          {sides.choices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
    );
  const panel = (
    <section
      id="compare-panel"
      className="measure-panel compare-panel"
      aria-labelledby={`${id}-title`}
      data-compare-mode={tilesets ? 'tilesets' : 'plan'}
      data-compare-tiles={tilesets ? loadOf(sides) : ''}
    >
      <PanelHeader
        titleId={`${id}-title`}
        title={texts.panel}
        closeLabel={texts.close}
        onClose={session.toggle}
      />
      <fieldset className="compare-modes">
        <legend>{texts.what}</legend>
        <label className="measure-snap">
          <input type="radio" name={`${id}-mode`} checked={!tilesets} onChange={session.comparePlan} />
          {texts.modePlan}
        </label>
        <label className="measure-snap">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={tilesets}
            disabled={!resolved}
            aria-describedby={resolved ? undefined : `${id}-need-two`}
            onChange={() =>
              resolved && session.compareTilesets({ left: resolved.left.id, right: resolved.right.id })
            }
          />
          {texts.modeTilesets}
        </label>
      </fieldset>
      {!tilesets && !planShown && (
        <p className="measure-hint" data-testid="compare-no-plan">
          {texts.noPlan}
        </p>
      )}
      {!resolved && (
        <p id={`${id}-need-two`} className="measure-hint">
          {texts.needTwo}
        </p>
      )}
      {tilesets && (
        <div className="compare-sides">
          {sideSelect('left')}
          {sideSelect('right')}
        </div>
      )}
      <div className="measure-result" role="status" aria-live="polite" aria-atomic="true">
        {messages.map((message) => (
          <p key={message}>{message}</p>
        ))}
      </div>
    </section>
  );
  return (
    <BottomSheet
      panelName={texts.panel}
      language={language}
      onClose={session.toggle}
      options={TOOL_SHEET}
      testId="compare-sheet"
    >
      {panel}
    </BottomSheet>
  );
}
