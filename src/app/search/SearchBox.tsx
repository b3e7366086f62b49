import { Fragment, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { foldText } from '../../core/search/normalise.ts';
import { search, SEARCH_DEFAULTS } from '../../core/search/match.ts';
import type { SearchResult } from '../../core/search/match.ts';
import type { GeocoderConfig } from '../../core/search/geocoder.ts';
import { useExternalGeocoder } from './use-external-geocoder.ts';
import { viewOfPlace } from '../../core/search/place-view.ts';
import type { TilesetSource } from '../config/types.ts';
import type { Language } from '../i18n/index.ts';
import { WithEnglishPart } from '../i18n/EnglishPart.tsx';
import type { ImportEntry } from '../import/import-session.ts';
import type { LayerModel } from '../layers/model.ts';
import { flyToPlan } from '../layers/PlanImport.tsx';
import { useOnReset } from '../state/reset.ts';
import { useSceneTarget } from '../state/use-scene-target.ts';
import { importAddressSource, tilesetAddressSource } from './address-sources.ts';
import type { AddressSource } from './address-sources.ts';
import { namedPlaces } from './named-places.ts';
import { fill, SEARCH_TEXTS } from './texts.ts';
import type { SearchText } from './texts.ts';
import { useAddressIndexes } from './use-address-indexes.ts';
import { useFittingText } from './use-fitting-text.ts';

/** What the search's live region says: a text of SEARCH_TEXTS and the values it is filled with. */
interface Announcement {
  text: Exclude<SearchText, 'placeholders'>;
  values?: Record<string, string | number>;
}

/** Options of the search box. */
export interface SearchBoxOptions {
  /** Milliseconds after the last keystroke before the results are computed and announced. */
  debounceMs?: number;
}

/** Short enough to feel immediate, long enough that a screen reader is not told every letter's results. */
export const SEARCH_BOX_DEFAULTS: Required<SearchBoxOptions> = { debounceMs: 150 };

export interface SearchBoxProps extends SearchBoxOptions {
  language: Language;
  /** The city's tilesets: each one's address index lies beside its tileset.json. */
  tilesets: readonly TilesetSource[];
  /** The imports: converted CityGML brings its own address index. */
  imports: readonly ImportEntry[];
  /** Schools (layers with a `searchProperty`) and plans; choosing one shows its layer and opens it. */
  model: LayerModel;
  /** An external geocoder asked after the offline search (the city config's; none by default: nothing is sent). */
  geocoder?: GeocoderConfig;
  /** Ellipsoidal metres assumed for the ground at a geocoder's answers (they carry no height): the city's. */
  groundHeight?: number;
}

/**
 * The search box: a WAI-ARIA combobox with a listbox of results as you type, offline (addresses from the
 * indexes beside the tilesets, loaded on first use; schools and plans from the layer model; gml:ids). Arrow
 * keys move through the results, Enter chooses, Escape closes the list (and clears the box when it is closed).
 * Choosing an address flies there and selects the building (the shared `view=` and `selected=`), a school or a
 * plan shows its layer and opens it.
 */
export function SearchBox({
  language,
  tilesets,
  imports,
  model,
  debounceMs,
  geocoder,
  groundHeight = 0,
}: SearchBoxProps) {
  const texts = SEARCH_TEXTS[language];
  const target = useSceneTarget();
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const [query, setQuery] = useState('');
  const [settled, setSettled] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [used, setUsed] = useState(false);
  // Kept as a text key and its values, not as text: a language switch re-reads it in the new language.
  const [announcement, setAnnouncement] = useState<Announcement | undefined>(undefined);
  const [pendingPlan, setPendingPlan] = useState<string | undefined>(undefined);
  const listRef = useRef<HTMLUListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const placeholder = useFittingText(inputRef, texts.placeholders);
  // A kiosk's reset leaves nothing of the last visitor's search.
  useOnReset(() => {
    setQuery('');
    setSettled('');
    setOpen(false);
    setAnnouncement(undefined);
    setPendingPlan(undefined);
  });

  const sources = useMemo<AddressSource[]>(() => {
    const base = document.baseURI;
    return [
      ...tilesets.map((source) => tilesetAddressSource(source, source.label[language], base)),
      ...imports.flatMap((entry) => importAddressSource(entry) ?? []),
    ];
  }, [tilesets, imports, language]);
  const { indexes, loading, problems } = useAddressIndexes(sources, used);
  const named = useMemo(() => namedPlaces(model, language), [model, language]);

  useEffect(() => {
    const timer = setTimeout(() => setSettled(query), debounceMs ?? SEARCH_BOX_DEFAULTS.debounceMs);
    return () => clearTimeout(timer);
  }, [query, debounceMs]);

  const searching = foldText(settled).replace(/ /g, '').length >= SEARCH_DEFAULTS.minLength;
  const local = useMemo(
    () => (searching ? search(indexes, named.places, settled) : []),
    [searching, indexes, named.places, settled],
  );
  const external = useExternalGeocoder(geocoder, searching ? settled : '', groundHeight);
  const results = useMemo(
    () => (external.length === 0 ? local : [...local, ...external].slice(0, SEARCH_DEFAULTS.limit)),
    [local, external],
  );
  // The highlight starts over when the list changes, not when the same results are computed again (the layer
  // model changes identity whenever any layer's features arrive).
  const resultKeys = results.map((result) => result.key).join('\n');
  useEffect(() => setActive(-1), [resultKeys]);
  useEffect(() => {
    if (!open || !searching) return;
    if (results.length === 0)
      setAnnouncement(loading ? { text: 'loading' } : { text: 'noMatches', values: { query: settled } });
    else
      setAnnouncement(
        results.length === 1 ? { text: 'countOne' } : { text: 'count', values: { count: results.length } },
      );
  }, [open, searching, results, loading, settled]);

  // A configured plan is fetched when first shown: fly there once its data has arrived.
  const { plans, flyToRef } = model;
  useEffect(() => {
    const plan = pendingPlan === undefined ? undefined : plans[pendingPlan];
    if (!plan) return;
    flyToPlan(flyToRef, plan);
    setPendingPlan(undefined);
  }, [pendingPlan, plans, flyToRef]);

  useEffect(() => {
    if (active < 0) return;
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const choose = (result: SearchResult) => {
    setOpen(false);
    setQuery(result.label);
    setSettled(result.label);
    setAnnouncement({ text: 'chosen', values: { label: result.label } });
    if (result.kind === 'address' || result.kind === 'building') {
      if (!result.place) {
        setAnnouncement({ text: 'noPlace', values: { label: result.label } });
        return;
      }
      void target.applyScene({ camera: viewOfPlace(result.place), selected: result.gmlId ?? null });
    } else if (result.kind === 'plan' && result.ref !== undefined) {
      const layerId = named.planLayers.get(result.ref);
      if (layerId) model.setLayerState(layerId, { visible: true });
      const plan = model.plans[result.ref];
      if (plan) flyToPlan(model.flyToRef, plan);
      else setPendingPlan(result.ref);
    } else if (result.ref !== undefined) {
      const feature = named.features.get(result.ref);
      if (!feature) return;
      model.setLayerState(feature.layerId, { visible: true });
      model.flyToRef.current?.(feature);
    }
  };

  // Typing runs ahead of the results by the debounce: a tap on a result of the previous query chooses it only
  // if the query typed since still finds it (a quick typist tapped "Hünefeldstraße 1" after typing "Johannes").
  const stale = settled !== query;
  /** The results of the text in the box now: the shown ones, or computed at once while they are stale. */
  const currentResults = () => (stale ? search(indexes, named.places, query) : results);
  const chooseShown = (result: SearchResult) => {
    if (!stale) return choose(result);
    const current = currentResults().find((candidate) => candidate.key === result.key);
    if (current) choose(current);
    else setSettled(query);
  };
  // Results that would read the same (one address on two buildings: a town hall and its tower) name their
  // building's gml:id too.
  const shown = results.map((result) => `${result.kind}\n${result.label}\n${result.detail}`);
  const alike = new Set(shown.filter((text, index) => shown.indexOf(text) !== index));

  const popup = open && searching;
  const expanded = popup && results.length > 0;
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = results.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (count === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current < 0 ? (step > 0 ? 0 : count - 1) : (current + step + count) % count));
    } else if (event.key === 'Enter') {
      // Enter settles a query typed faster than the debounce, then takes the highlighted (or the first) result.
      const result = currentResults()[active >= 0 && !stale ? active : 0];
      if (result && (popup || stale)) {
        event.preventDefault();
        choose(result);
      }
    } else if (event.key === 'Escape') {
      if (popup) {
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
      } else if (query !== '') {
        event.preventDefault();
        setQuery('');
      }
    }
  };

  const activeId = expanded && active >= 0 ? `${listId}-${active}` : undefined;
  return (
    <div className="search-box" role="search" aria-label={texts.search}>
      <label htmlFor={inputId} className="visually-hidden">
        {texts.search}
      </label>
      <input
        id={inputId}
        className="search-input"
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={expanded ? listId : undefined}
        aria-activedescendant={activeId}
        autoComplete="off"
        spellCheck={false}
        enterKeyHint="search"
        ref={inputRef}
        placeholder={placeholder}
        value={query}
        data-testid="search-input"
        onFocus={() => setUsed(true)}
        onChange={(event) => {
          setUsed(true);
          setQuery(event.target.value);
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      <div className="search-popup" hidden={!popup}>
        {expanded && (
          <ul
            id={listId}
            ref={listRef}
            role="listbox"
            aria-label={texts.results}
            aria-busy={loading || stale}
            className="search-list"
            // The query these results answer (typing runs ahead of it by the debounce): read by tests and support.
            data-query={settled}
          >
            {results.map((result, index) => (
              <li
                key={result.key}
                id={`${listId}-${index}`}
                data-index={index}
                role="option"
                aria-selected={index === active}
                className="search-option"
                data-kind={result.kind}
                // Keeps the focus in the box, so the click below still chooses and the list stays a combobox's.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => chooseShown(result)}
              >
                <span className="search-option-label">{result.label}</span>
                <span className="search-option-detail">
                  {texts[result.kind]}
                  {result.detail ? ` · ${result.detail}` : ''}
                  {result.gmlId && alike.has(shown[index] ?? '') ? ` · ${result.gmlId}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
        {popup && results.length === 0 && (
          <p className="search-empty">
            {loading ? texts.loading : fill(texts.noMatches, { query: settled })}
          </p>
        )}
        {popup && problems.length > 0 && (
          <p className="search-problem">
            {problems.map((p, i) => (
              <Fragment key={i}>
                {i > 0 && ' '}
                <WithEnglishPart
                  language={language}
                  english={p.reason}
                  sentence={(reason) => fill(texts.indexFailed, { label: p.label, reason })}
                />
              </Fragment>
            ))}
          </p>
        )}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="search-status">
        {announcement ? fill(texts[announcement.text], announcement.values ?? {}) : ''}
      </p>
    </div>
  );
}
