import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import type { Language } from '../i18n/index.ts';
import type { LayerConfig } from '../layers/types.ts';
import { fill } from '../measure/texts.ts';
import { CUT_TEXTS } from './texts.ts';

/** One choosable plan area: its plan, its index and what the list shows. */
export interface PlanAreaChoice {
  key: string;
  /** The area's outer ring, lon/lat degrees. */
  ring: [number, number][];
  label: string;
}

/**
 * The plans' areas as choices: a kind named as the plan's layer names it in its legend (the demo plan's in
 * English too), and areas of the same kind numbered ("Fläche 1 von 2"), so no two entries read alike.
 */
export function planAreaChoices(
  plans: Record<string, PlanLayerData>,
  layers: readonly LayerConfig[],
  language: Language,
): PlanAreaChoice[] {
  const texts = CUT_TEXTS[language];
  const choices = Object.values(plans).flatMap((plan) => {
    const classes = layers.find((layer) => layer.id === plan.planId)?.style?.classes;
    return plan.areas.flatMap((area, index) => {
      const ring = area.polygons[0]?.[0];
      const kind = classes?.find((entry) => entry.value === area.kind)?.label[language] ?? area.kind;
      return ring && ring.length >= 3
        ? [{ key: `${plan.planId}#${index}`, ring, label: `${plan.name}: ${kind}` }]
        : [];
    });
  });
  const counts = new Map<string, number>();
  for (const choice of choices) counts.set(choice.label, (counts.get(choice.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  return choices.map((choice) => {
    const count = counts.get(choice.label) ?? 1;
    if (count === 1) return choice;
    const number = (seen.get(choice.label) ?? 0) + 1;
    seen.set(choice.label, number);
    return { ...choice, label: `${choice.label}, ${fill(texts.areaOf, { number, count })}` };
  });
}
