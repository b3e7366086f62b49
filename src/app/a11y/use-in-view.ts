import { useCallback, useMemo, useState } from 'react';
import type { LayerModel } from '../layers/model.ts';
import { inViewCandidates, inViewSummary } from './in-view.ts';
import type { InViewCandidate } from './in-view.ts';

/** The "in view" list's state: whether it is open, what could be in view, what is, and its summary. */
export interface InViewState {
  open: boolean;
  setOpen: (open: boolean) => void;
  toggle: () => void;
  /** Objects of the shown layers, for `InViewTracker`. */
  candidates: InViewCandidate[];
  /** Those inside the camera's view at its last rest. */
  items: InViewCandidate[];
  setItems: (items: InViewCandidate[]) => void;
  /** `inViewSummary` of `items`, for the announcer. */
  summary: string;
}

/** Holds the "in view" list's state over the layer model (objects of shown layers and plans). */
export function useInView(model: LayerModel, language: 'de' | 'en'): InViewState {
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<InViewCandidate[]>([]);
  const candidates = useMemo(
    () => inViewCandidates(model.layers, model.states, model.features, model.plans, language),
    [model.layers, model.states, model.features, model.plans, language],
  );
  const toggle = useCallback(() => setOpen((o) => !o), []);
  const summary = useMemo(() => inViewSummary(items), [items]);
  return { open, setOpen, toggle, candidates, items, setItems, summary };
}
