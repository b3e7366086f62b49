import type { Language } from '../i18n/index.ts';
import { fill } from '../measure/texts.ts';
import { COMPARE_TEXTS } from './texts.ts';
import type { CompareSession } from './use-compare.ts';
import type { CompareSides } from './use-compare-sides.ts';

/** The divider's name and announcement for the sides shown (nothing: the divider's own, today vs the plan). */
export function compareDividerTexts(
  session: CompareSession,
  sides: CompareSides,
  language: Language,
): { label?: string; announcement?: string } {
  const resolved = sides.sides;
  if (session.mode !== 'tilesets' || !resolved) return {};
  const texts = COMPARE_TEXTS[language];
  const names = { left: resolved.left.label, right: resolved.right.label };
  return {
    label: fill(texts.dividerSides, names),
    announcement: fill(texts.sides, names),
  };
}
