import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../core/errors.ts';
import { parseAddressIndex } from '../../core/search/address-index.ts';
import { prepareIndex } from '../../core/search/match.ts';
import type { PreparedIndex } from '../../core/search/match.ts';
import type { AddressSource } from './address-sources.ts';

/** An index that could not be loaded: whose, and why (shown politely; the rest of the search works). */
export interface IndexProblem {
  label: string;
  reason: string;
}

type Loaded =
  | { state: 'ready'; index: PreparedIndex | undefined }
  | { state: 'failed'; problem: IndexProblem };

/** What the search has of the address indexes now. */
export interface AddressIndexes {
  indexes: PreparedIndex[];
  loading: boolean;
  problems: IndexProblem[];
}

/**
 * The address indexes of `sources`, each loaded once `active` turns true (the search box's first focus or
 * keystroke: nobody who never searches downloads them) and kept while its source is listed. A source's
 * failure is reported as a problem; the others still load.
 */
export function useAddressIndexes(sources: readonly AddressSource[], active: boolean): AddressIndexes {
  /** Sources whose load has started (and not been cut off by a cleanup). */
  const started = useRef(new Set<string>());
  const [loaded, setLoaded] = useState<ReadonlyMap<string, Loaded>>(() => new Map());
  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    const startedIds = started.current;
    const pending = new Set<string>();
    const settle = (id: string, entry: Loaded) => {
      pending.delete(id);
      if (!controller.signal.aborted) setLoaded((previous) => new Map(previous).set(id, entry));
    };
    for (const source of sources) {
      if (startedIds.has(source.id)) continue;
      startedIds.add(source.id);
      pending.add(source.id);
      source
        .read(controller.signal)
        .then((text) => {
          const json: unknown = text === undefined ? undefined : JSON.parse(text);
          const index = json === undefined ? undefined : prepareIndex(source.id, parseAddressIndex(json));
          settle(source.id, { state: 'ready', index });
        })
        .catch((error: unknown) => {
          settle(source.id, {
            state: 'failed',
            problem: { label: source.label, reason: errorMessage(error) },
          });
        });
    }
    return () => {
      controller.abort();
      // Loads cut off by the cleanup start again on the next run (StrictMode runs effects twice).
      for (const id of pending) startedIds.delete(id);
    };
  }, [sources, active]);
  const indexes: PreparedIndex[] = [];
  const problems: IndexProblem[] = [];
  let loading = false;
  for (const source of sources) {
    const entry = loaded.get(source.id);
    if (!entry) loading ||= active;
    else if (entry.state === 'ready' && entry.index) indexes.push(entry.index);
    else if (entry.state === 'failed') problems.push(entry.problem);
  }
  return { indexes, loading, problems };
}
