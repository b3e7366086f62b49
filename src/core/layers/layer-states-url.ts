/**
 * The `layers=` value of shareable links (`layers=schools:1:80,broadband-coverage:0`): per layer id,
 * `id:visible(0|1)[:opacity in percent 0..100]`. Read by the main viewer (`src/app/layers/url-state.ts`, which
 * also decides which layers to write) and by the embed viewer. Platform-free.
 */
import { setOwn } from '../util/own.ts';

/** A layer's visibility and opacity (0..1), as far as a link names them. */
export interface LayerStatePatch {
  visible?: boolean;
  opacity?: number;
}

/** Layer state read from a link: only what the link names, by layer id. */
export type LayerStatePatches = Record<string, LayerStatePatch>;

/** Characters of an id written as they are; others percent-encoded (',' and ':' separate entries and fields). */
const encodeId = (id: string) => id.replace(/[^A-Za-z0-9._~-]/g, (c) => encodeURIComponent(c));

/** An opacity 0..1 in whole percent, clamped. */
export const opacityPercent = (opacity: number) => Math.round(Math.max(0, Math.min(1, opacity)) * 100);

/**
 * The `layers` value of patches: `id:visible(0|1)[:opacity in percent]` per patch that names a visibility (the
 * format has no entry for an opacity alone); '' when none.
 */
export function formatLayerStatePatches(patches: LayerStatePatches): string {
  const entries: string[] = [];
  for (const [id, patch] of Object.entries(patches)) {
    if (patch.visible === undefined) continue;
    const entry = `${encodeId(id)}:${patch.visible ? 1 : 0}`;
    entries.push(patch.opacity === undefined ? entry : `${entry}:${opacityPercent(patch.opacity)}`);
  }
  return entries.join(',');
}

const isVisibility = (field: string | undefined) => field === '0' || field === '1';
const isPercent = (field: string | undefined) =>
  field !== undefined && /^\d{1,3}$/.test(field) && Number(field) <= 100;

/**
 * The fields of an entry: `id:0|1[:0..100]`, or, where that reading fails, an id with colons written as they
 * are followed by a visibility and an opacity (links written before ids were encoded twice in the URL:
 * `bplan-demo:envelopes:1`). Anything else is split at every colon, to be warned about field by field.
 */
function entryFields(entry: string): string[] {
  const fields = entry.split(':');
  if (fields.length <= 3 && isVisibility(fields[1]) && (fields.length === 2 || isPercent(fields[2])))
    return fields;
  const last = fields.length - 1;
  if (fields.length > 2 && isVisibility(fields[last]))
    return [fields.slice(0, last).join(':'), fields[last]!];
  if (fields.length > 3 && isVisibility(fields[last - 1]) && isPercent(fields[last]))
    return [fields.slice(0, last - 1).join(':'), fields[last - 1]!, fields[last]!];
  return fields;
}

/**
 * Parses a `layers` value into per-layer patches. Entries that are not `id:0|1[:0..100]` are ignored field by
 * field, each with a warning (returned, not thrown): a bad visibility keeps a good opacity and vice versa.
 */
export function parseLayerStates(value: string): { states: LayerStatePatches; warnings: string[] } {
  const states: LayerStatePatches = {};
  const warnings: string[] = [];
  for (const entry of value.split(',')) {
    if (entry.trim() === '') continue;
    const [rawId = '', visible, opacity, ...rest] = entryFields(entry);
    let id: string;
    try {
      id = decodeURIComponent(rawId).trim();
    } catch {
      id = '';
    }
    if (id === '' || rest.length > 0) {
      warnings.push(`layers parameter: "${entry}" is not id:0|1[:opacity 0..100]; ignored`);
      continue;
    }
    const patch: LayerStatePatch = {};
    if (visible === '1' || visible === '0') patch.visible = visible === '1';
    else
      warnings.push(
        `layers parameter: visibility of "${id}" must be 0 or 1, not "${visible ?? ''}"; ignored`,
      );
    if (opacity !== undefined) {
      const value = /^\d{1,3}$/.test(opacity) ? Number(opacity) : NaN;
      if (value >= 0 && value <= 100) patch.opacity = value / 100;
      else warnings.push(`layers parameter: opacity of "${id}" must be 0..100, not "${opacity}"; ignored`);
    }
    if (Object.keys(patch).length > 0) setOwn(states, id, patch);
  }
  return { states, warnings };
}
