import type { PlanLayerData } from '../../core/layers/xplan/plan-data.ts';
import type { LayerConfig, LayerSource } from './types.ts';

/**
 * Configured plans (`{ type: 'xplan', planId, url }`): the XPlanGML file is fetched from the app's origin and
 * read in the conversion workers, exactly like an opened or dropped plan (no parsing on the main thread); its
 * data go into `LayerModel.plans` under the configured `planId`, so the configured layers draw it and the tools
 * that list plans find it. Loading and reading here (Node-testable); the hook is `use-configured-plan.ts`.
 */

/** A plan source that names a file. */
export type ConfiguredPlanSource = Extract<LayerSource, { type: 'xplan' }> & { url: string };

/** What reading needs of the conversion pool. */
export interface PlanReader {
  readPlan(file: Blob, name: string, signal?: AbortSignal): Promise<PlanLayerData>;
}

/** The configured plan source of `layer` when it is the plan's areas layer (id = planId), else undefined. */
export function configuredPlanSource(layer: LayerConfig): ConfiguredPlanSource | undefined {
  const { source } = layer;
  if (source.type !== 'xplan' || source.url === undefined || layer.id !== source.planId) return undefined;
  return { ...source, url: source.url };
}

/**
 * Fetches and reads a configured plan: `url` relative to `base` (the document's base URI); the result carries
 * the configured `planId`. A failed request is an error naming the status and the URL; a bad file one naming
 * the file and line (from the reader).
 */
export async function loadConfiguredPlan(
  source: ConfiguredPlanSource,
  reader: PlanReader,
  options: { base: string; signal?: AbortSignal; fetch?: typeof fetch },
): Promise<PlanLayerData> {
  const get = options.fetch ?? fetch;
  const url = new URL(source.url, options.base).href;
  const response = await get(url, options.signal ? { signal: options.signal } : {});
  if (!response.ok) throw new Error(`HTTP ${response.status} ${source.url}`);
  const blob = await response.blob();
  const name = source.url.split('/').pop() || source.url;
  const plan = await reader.readPlan(blob, name, options.signal);
  return { ...plan, planId: source.planId };
}
