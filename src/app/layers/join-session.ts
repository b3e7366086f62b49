/**
 * Colours the buildings of every tileset in the scene by a join computed in `workers/layers.worker.ts`:
 * collects each loaded building's key (`gml_id`), centroid (`longitude`/`latitude` metadata, WGS84 degrees)
 * and, for attribute joins, its value; sends them in batches (typed arrays transferred); keeps the class per
 * building in a Map that a `Cesium3DTileStyle` colour reads (`evaluateColor`). Tiles loaded later are sent
 * as they load; the legend counts the buildings of the loaded tiles per class.
 */
import { Cesium3DTileColorBlendMode, Cesium3DTileStyle, Cesium3DTileset, Color } from 'cesium';
import type { Cesium3DTile, CesiumWidget } from 'cesium';
import { NO_DATA } from '../../core/layers/building-joins.ts';
import type { BuildingBatch, BuildingJoinSpec, JoinLegendClass } from '../../core/layers/building-joins.ts';
import type { LayersJoinClient } from './layers-client.ts';
import { errorMessage } from '../../core/errors.ts';

/** Colour of buildings without data. */
export const NO_DATA_COLOUR = '#bbbbbb';
/**
 * Share of the class colour in a coloured building (MIX blend mode): the class colour mostly replaces the
 * textured/vertex colour, so the colours match the legend; white (unclassed, non-buildings) keeps the source.
 */
const CLASS_COLOUR_BLEND = 0.85;
/** Largest batch sent at once (buildings). */
const BATCH_SIZE = 4096;

/** The state of a join for the legend: classes with counts over the buildings of the loaded tiles. */
export interface JoinState {
  classes: (JoinLegendClass & { count: number })[];
  noData: number;
  /** Building features in the loaded tiles. */
  loaded: number;
  /** Buildings sent to the worker and not answered yet. */
  pending: number;
}

interface FeatureLike {
  getProperty(name: string): unknown;
}
interface ContentLike {
  featuresLength?: number;
  getFeature?: (i: number) => unknown;
}

function featuresOf(tile: Cesium3DTile): FeatureLike[] {
  const content = tile.content as ContentLike | undefined;
  const count = content?.featuresLength ?? 0;
  const features: FeatureLike[] = [];
  for (let f = 0; f < count; f++) {
    const feature = content?.getFeature?.(f) as FeatureLike | undefined;
    if (feature && feature.getProperty('objectType') === 'Building') features.push(feature);
  }
  return features;
}

function walk(tile: Cesium3DTile, visit: (tile: Cesium3DTile) => void): void {
  visit(tile);
  for (const child of tile.children) walk(child, visit);
}

function numberValue(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > -1e300 ? value : NaN;
}

/** One running join over the scene's tilesets; `destroy` restores the normal colours. */
export class BuildingJoinSession {
  private readonly tilesets: Cesium3DTileset[] = [];
  private readonly classOf = new Map<string, number>();
  private readonly pending = new Set<string>();
  private readonly removers: (() => void)[] = [];
  private readonly blend: { mode: Cesium3DTileColorBlendMode; amount: number }[] = [];
  private queue: { keys: string[]; coords: number[]; numbers: number[]; strings: (string | undefined)[] } = {
    keys: [],
    coords: [],
    numbers: [],
    strings: [],
  };
  private legend: JoinLegendClass[] = [];
  private colours: Color[] = [];
  private readonly noDataColour = Color.fromCssColorString(NO_DATA_COLOUR);
  private readonly style = new Cesium3DTileStyle();
  private readonly joinId: Promise<number>;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private countTimer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;
  /** Aborted on `destroy`: batches not yet sent to the worker are dropped there. */
  private readonly abort = new AbortController();

  constructor(
    private readonly viewer: CesiumWidget,
    private readonly api: LayersJoinClient,
    spec: BuildingJoinSpec,
    /** Attribute joins: the property and whether its values are text. */
    private readonly attribute: { property: string; text: boolean } | undefined,
    private readonly onState: (state: JoinState) => void,
    private readonly onError: (message: string) => void,
  ) {
    // Not cancellable: a join started in the worker must get its id back, to be ended there.
    this.joinId = api.startJoin(spec);
    this.joinId.catch((error: unknown) => this.fail(error));
    const lookup = {
      evaluateColor: (feature: FeatureLike, result?: Color): Color => {
        const target = result ?? new Color();
        if (feature.getProperty('objectType') !== 'Building') return Color.clone(Color.WHITE, target);
        const key = feature.getProperty('gml_id');
        const k = typeof key === 'string' ? this.classOf.get(key) : undefined;
        if (k === undefined) return Color.clone(Color.WHITE, target);
        return Color.clone(this.colours[k] ?? this.noDataColour, target);
      },
      evaluate: () => undefined,
    };
    this.style.color = lookup as unknown as Cesium3DTileStyle['color'];
    const primitives = viewer.scene.primitives;
    for (let i = 0; i < primitives.length; i++) {
      const p: unknown = primitives.get(i);
      if (p instanceof Cesium3DTileset) this.attach(p);
    }
    // Tilesets added later (an import, a city tileset that loads late) are coloured too.
    this.removers.push(
      primitives.primitiveAdded.addEventListener((p: unknown) => {
        if (this.destroyed || !(p instanceof Cesium3DTileset)) return;
        this.attach(p);
        this.scheduleFlush();
      }),
    );
    this.flush();
  }

  /** Colours `tileset` with the join's style and queues its loaded and later-loaded buildings. */
  private attach(tileset: Cesium3DTileset): void {
    if (this.tilesets.includes(tileset) || tileset.isDestroyed()) return;
    this.tilesets.push(tileset);
    this.blend.push({ mode: tileset.colorBlendMode, amount: tileset.colorBlendAmount });
    tileset.colorBlendMode = Cesium3DTileColorBlendMode.MIX;
    tileset.colorBlendAmount = CLASS_COLOUR_BLEND;
    tileset.style = this.style;
    walk(tileset.root, (tile) => this.collect(tile));
    this.removers.push(
      tileset.tileLoad.addEventListener((tile: Cesium3DTile) => {
        this.collect(tile);
        this.scheduleFlush();
      }),
      tileset.tileUnload.addEventListener(() => this.scheduleCount()),
    );
  }

  /** Queues the buildings of a tile that have no class yet. */
  private collect(tile: Cesium3DTile): void {
    for (const feature of featuresOf(tile)) {
      const key = feature.getProperty('gml_id');
      if (typeof key !== 'string' || this.classOf.has(key) || this.pending.has(key)) continue;
      this.pending.add(key);
      this.queue.keys.push(key);
      this.queue.coords.push(numberValue(feature.getProperty('longitude')));
      this.queue.coords.push(numberValue(feature.getProperty('latitude')));
      if (this.attribute) {
        const value = feature.getProperty(this.attribute.property);
        if (this.attribute.text) {
          this.queue.strings.push(
            typeof value === 'string' && value !== ''
              ? value
              : typeof value === 'number'
                ? String(value)
                : undefined,
          );
        } else this.queue.numbers.push(numberValue(value));
      }
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.destroyed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, 50);
  }

  private scheduleCount(): void {
    if (this.countTimer !== undefined || this.destroyed) return;
    this.countTimer = setTimeout(() => {
      this.countTimer = undefined;
      if (!this.destroyed) this.report();
    }, 100);
  }

  /** Sends the queued buildings to the worker in batches (typed arrays transferred). */
  private flush(): void {
    const { keys, coords, numbers, strings } = this.queue;
    this.queue = { keys: [], coords: [], numbers: [], strings: [] };
    if (keys.length === 0) {
      this.report();
      return;
    }
    for (let start = 0; start < keys.length; start += BATCH_SIZE) {
      const end = Math.min(keys.length, start + BATCH_SIZE);
      const batchKeys = keys.slice(start, end);
      const centroids = Float64Array.from(coords.slice(start * 2, end * 2));
      const batch: BuildingBatch = { centroids };
      if (this.attribute?.text) batch.strings = strings.slice(start, end);
      else if (this.attribute) batch.numbers = Float64Array.from(numbers.slice(start, end));
      void this.joinId
        .then((id) => this.api.classifyBuildings(id, batch, this.abort.signal))
        .then((answer) => {
          if (this.destroyed) return;
          batchKeys.forEach((key, i) => {
            this.classOf.set(key, answer.classes[i] ?? NO_DATA);
            this.pending.delete(key);
          });
          this.legend = answer.legend;
          this.colours = answer.legend.map((entry) => Color.fromCssColorString(entry.colour));
          for (const tileset of this.tilesets) if (!tileset.isDestroyed()) tileset.makeStyleDirty();
          this.report();
        })
        .catch((error: unknown) => this.fail(error));
    }
  }

  /** Counts the loaded buildings per class and reports the state (once nothing is pending). */
  private report(): void {
    if (this.destroyed || this.pending.size > 0) return;
    const counts = new Array<number>(this.legend.length).fill(0);
    let noData = 0;
    let loaded = 0;
    for (const tileset of this.tilesets) {
      if (tileset.isDestroyed()) continue;
      walk(tileset.root, (tile) => {
        for (const feature of featuresOf(tile)) {
          loaded += 1;
          const key = feature.getProperty('gml_id');
          const k = typeof key === 'string' ? this.classOf.get(key) : undefined;
          if (k !== undefined && k < counts.length) counts[k] = (counts[k] as number) + 1;
          else noData += 1;
        }
      });
    }
    this.onState({
      classes: this.legend.map((entry, k) => ({ ...entry, count: counts[k] as number })),
      noData,
      loaded,
      pending: this.pending.size,
    });
    if (!this.viewer.isDestroyed()) this.viewer.scene.requestRender();
  }

  private fail(error: unknown): void {
    if (this.destroyed || this.abort.signal.aborted) return;
    this.onError(errorMessage(error));
  }

  /** Stops listening, forgets the join in the worker and restores the normal colours. */
  destroy(): void {
    this.destroyed = true;
    this.abort.abort();
    clearTimeout(this.flushTimer);
    clearTimeout(this.countTimer);
    for (const remove of this.removers) remove();
    this.tilesets.forEach((tileset, i) => {
      if (tileset.isDestroyed()) return;
      tileset.style = undefined;
      const blend = this.blend[i];
      if (blend) {
        tileset.colorBlendMode = blend.mode;
        tileset.colorBlendAmount = blend.amount;
      }
    });
    void this.joinId.then((id) => this.api.endJoin(id)).catch(() => undefined);
    if (!this.viewer.isDestroyed()) this.viewer.scene.requestRender();
  }
}
