import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, GRAPHICS_CONTRAST, TEXT_CONTRAST } from '../../core/colour/contrast.ts';
import type { Rgb } from '../../core/colour/contrast.ts';
import { SURFACE_PALETTE } from '../../core/tiles/palette.ts';
import { DEMO_LAYERS } from './demo-config.ts';
import { ENVELOPE_COLOUR } from './model.ts';

/**
 * The map background the layers are drawn on: the demo city's terrain colour (its ground is the generated
 * terrain surface; Natural Earth II around it is a similar mid green). Lines and areas are draped on it.
 */
const GROUND = (SURFACE_PALETTE.find((entry) => entry.name === 'terrain')?.rgba.slice(0, 3) ??
  []) as unknown as Rgb;
/** Point markers are drawn with a black ring (vector-entities.ts): the ring is the marker's edge on the map. */
const MARKER_RING = '#000000';

/** A CSS custom property of the base styles, e.g. `--fg`. */
function cssVariable(name: string): string {
  const css = readFileSync(new URL('../styles/base.css', import.meta.url), 'utf8');
  const match = new RegExp(`${name}:\\s*(#[0-9a-fA-F]{3,6})\\s*;`).exec(css);
  if (!match?.[1]) throw new Error(`base.css has no ${name}`);
  return match[1];
}

describe('demo layer colours against the map (WCAG 2.1 AA)', () => {
  it('uses the mid green ground as background, which rules out light colours', () => {
    // White on the ground is below 3:1: the check below is not trivially met.
    expect(contrastRatio('#ffffff', GROUND)).toBeLessThan(GRAPHICS_CONTRAST);
  });

  for (const layer of DEMO_LAYERS.layers) {
    const style = layer.style;
    if (!style) continue;
    // A plan's areas are drawn in the colours of the Planzeichenverordnung that the plan itself uses (read
    // from the XPlanGML); darkening them would misstate the plan. Their classes are named as text in the
    // legend and in the "in view" list; the statement (docs/barrierefreiheit.md) lists this exception.
    if (layer.source.type === 'xplan' && style.classes?.length) continue;
    const colours = [
      ...(style.classes?.map((c) => c.color) ?? []),
      ...(style.classes?.length ? [] : [style.color]),
    ];
    if (style.geometry === 'points') {
      it(`${layer.id}: markers stand out by their ring, each fill reads against the ring`, () => {
        expect(contrastRatio(MARKER_RING, GROUND)).toBeGreaterThanOrEqual(GRAPHICS_CONTRAST);
        for (const colour of [...colours, style.color]) {
          expect(contrastRatio(colour, MARKER_RING), colour).toBeGreaterThanOrEqual(GRAPHICS_CONTRAST);
        }
      });
    } else {
      it(`${layer.id}: every ${style.geometry} colour has ≥ 3:1 against the ground`, () => {
        for (const colour of colours) {
          expect(contrastRatio(colour, GROUND), colour).toBeGreaterThanOrEqual(GRAPHICS_CONTRAST);
        }
      });
    }
  }

  it('draws plans’ envelopes in a colour with ≥ 3:1 against the ground', () => {
    expect(contrastRatio(ENVELOPE_COLOUR, GROUND)).toBeGreaterThanOrEqual(GRAPHICS_CONTRAST);
  });

  it('writes legend and panel texts with ≥ 4.5:1 against the panel', () => {
    const background = cssVariable('--bg');
    for (const text of ['--fg', '--muted', '--accent', '--error']) {
      expect(contrastRatio(cssVariable(text), background), text).toBeGreaterThanOrEqual(TEXT_CONTRAST);
    }
  });
});
