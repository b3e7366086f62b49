/**
 * What the compare divider can put either side of it in its "two tilesets" mode: the city's tilesets, its other
 * states (`CityConfig.compareTilesets`, e.g. "Bestand 2000") and the CityGML imported at run time. Pure functions,
 * unit-tested in Node.
 */
import type { CityConfig } from '../config/types.ts';
import type { Language } from '../i18n/index.ts';

/** One tileset the divider can show on a side. */
export interface CompareSide {
  /** Config id, or `import:<import id>` for an imported tileset. */
  id: string;
  /** Shown in the choice lists and announced, in the page's language. */
  label: string;
  /** tileset.json, relative to the app or a blob URL. */
  url: string;
  /** Year of the state it shows, when the config says. */
  year?: number;
  /** Why it may be missing and how to get it (the city config's hint), in the page's language. */
  missingHint?: string;
}

/** An imported tileset as the compare choices see it. */
export interface ImportedCompareTileset {
  id: string;
  /** The imported file's name. */
  name: string;
  url: string;
}

/** The id an imported tileset has among the compare choices (and in `compare=`). */
export const importedSideId = (importId: string): string => `import:${importId}`;

const IMPORTED_LABEL = { de: 'Import: {name}', en: 'Import: {name}' } as const;

/**
 * The sides to choose from, in the lists' order: the city's tilesets (today), its other states by year (oldest
 * first; those without a year after them), then the imports.
 */
export function compareChoices(
  city: Pick<CityConfig, 'tilesets' | 'compareTilesets'>,
  imports: readonly ImportedCompareTileset[],
  language: Language,
): CompareSide[] {
  const fromConfig = (source: CityConfig['tilesets'][number]): CompareSide => ({
    id: source.id,
    label: source.label[language],
    url: source.url,
    ...(source.year !== undefined && { year: source.year }),
    ...(source.missingHint && { missingHint: source.missingHint[language] }),
  });
  const states = [...(city.compareTilesets ?? [])].sort(
    (a, b) => (a.year ?? Number.POSITIVE_INFINITY) - (b.year ?? Number.POSITIVE_INFINITY),
  );
  return [
    ...city.tilesets.map(fromConfig),
    ...states.map(fromConfig),
    ...imports.map((entry) => ({
      id: importedSideId(entry.id),
      label: IMPORTED_LABEL[language].replace('{name}', entry.name),
      url: entry.url,
    })),
  ];
}

/** The two sides, resolved; `unknown` lists asked-for ids that are not among the choices (replaced by defaults). */
export interface ResolvedSides {
  left: CompareSide;
  right: CompareSide;
  unknown: string[];
}

/**
 * The sides for the asked-for ids: an id that is not among the choices (an import of another session, a tileset
 * the city no longer has) is replaced by the default: left the oldest other state of the city (else the second
 * choice), right the city's first tileset. Undefined with fewer than two choices: nothing to compare.
 */
export function resolveSides(
  asked: { left?: string; right?: string },
  choices: readonly CompareSide[],
  cityTilesetIds: readonly string[],
): ResolvedSides | undefined {
  if (choices.length < 2) return undefined;
  const byId = new Map(choices.map((choice) => [choice.id, choice]));
  const defaultRight = choices.find((c) => c.id === cityTilesetIds[0]) ?? choices[0]!;
  const defaultLeft =
    choices.find((c) => !cityTilesetIds.includes(c.id) && c !== defaultRight) ??
    choices.find((c) => c !== defaultRight)!;
  const unknown: string[] = [];
  const pick = (id: string | undefined, fallback: CompareSide): CompareSide => {
    if (id === undefined) return fallback;
    const found = byId.get(id);
    if (!found) unknown.push(id);
    return found ?? fallback;
  };
  return { left: pick(asked.left, defaultLeft), right: pick(asked.right, defaultRight), unknown };
}
