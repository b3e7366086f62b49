import { useCallback, useMemo, useState } from 'react';
import type { CityConfig } from '../config/types.ts';
import type { Language } from '../i18n/index.ts';
import type { ImportEntry } from '../import/import-session.ts';
import { compareChoices, resolveSides } from './choices.ts';
import type { CompareSide, ResolvedSides } from './choices.ts';
import type { CompareLoad } from './CompareTilesets.tsx';
import type { CompareSession } from './use-compare.ts';

/** The two-tileset comparison as the panel and the scene see it. */
export interface CompareSides {
  /** What either side can show: the city's tilesets, its other states, the imported tilesets. */
  choices: CompareSide[];
  /** The sides shown, resolved against the choices; undefined with fewer than two choices. */
  sides: ResolvedSides | undefined;
  /** Each side's load progress (mode 'tilesets'). */
  loads: { left: CompareLoad; right: CompareLoad };
  onLoad: (side: 'left' | 'right', load: CompareLoad) => void;
}

/** Resolves the compare session's asked-for sides against the city's and the imported tilesets. */
export function useCompareSides(
  session: CompareSession,
  city: CityConfig,
  imports: readonly ImportEntry[],
  language: Language,
): CompareSides {
  const imported = imports.flatMap((entry) =>
    entry.tileset ? [{ id: entry.id, name: entry.name, url: entry.tileset.rootUrl }] : [],
  );
  const importKey = imported.map((entry) => `${entry.id}\n${entry.name}\n${entry.url}`).join('\n');
  // Recomputed when an import's tileset appears or changes, not on every progress report of an import.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const choices = useMemo(() => compareChoices(city, imported, language), [city, importKey, language]);
  const { left, right } = session.asked;
  const sides = useMemo(
    () =>
      resolveSides(
        { left, right },
        choices,
        city.tilesets.map((source) => source.id),
      ),
    [left, right, choices, city.tilesets],
  );
  const [loads, setLoads] = useState<{ left: CompareLoad; right: CompareLoad }>({
    left: 'loading',
    right: 'loading',
  });
  const onLoad = useCallback(
    (side: 'left' | 'right', load: CompareLoad) =>
      setLoads((current) => (current[side] === load ? current : { ...current, [side]: load })),
    [],
  );
  return { choices, sides, loads, onLoad };
}
