import { useCallback, useEffect, useRef, useState } from 'react';
import { proxy } from 'comlink';
import type { ShadowStudyRequest, ShadowStudyResult, StudyProgress } from '../../../workers/shadow-api.ts';
import { errorMessage } from '../../core/errors.ts';
import type { TilesetSource } from '../config/types.ts';
import type { LayerModel } from '../layers/model.ts';
import { startShadowWorker } from './shadow-worker.ts';
import type { ShadowWorkerHandle } from './shadow-worker.ts';
import { envelopesToShow, studyAreaChoices, studyRequest } from './study-request.ts';
import type { StudyAreaChoice } from './study-request.ts';

const NO_URLS: readonly string[] = [];

/** Where a study stands. */
export type StudyStatus =
  | { kind: 'idle' }
  | { kind: 'loading-plan'; planId: string; name: string }
  | { kind: 'running'; progress: StudyProgress | undefined }
  | { kind: 'done' }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string; planName?: string };

/** Which hours the heat map shows. */
export type StudyView = 'today' | 'with-plan' | 'difference';

/** A day as the study takes it (Berlin calendar). */
export interface StudyDate {
  year: number;
  month: number;
  day: number;
}

/** The shadow study's state and actions, shared by the panel and the heat map. */
export interface ShadowStudySession {
  open: boolean;
  setOpen: (open: boolean) => void;
  choices: StudyAreaChoice[];
  choice: number;
  setChoice: (index: number) => void;
  date: StudyDate;
  status: StudyStatus;
  /** The last finished study, the day it was computed for and its plan (by id; undefined for the view centre). */
  result: (ShadowStudyResult & { date: StudyDate; planId: string | undefined }) | undefined;
  view: StudyView;
  /** Shows the hours of `view`; "with plan" switches the plan's envelopes layer on (their shadows are counted). */
  setView: (view: StudyView) => void;
  /** The envelopes layer's name (in the language) when "with plan" switched it on; undefined otherwise. */
  envelopesShown: string | undefined;
  run: () => void;
  cancel: () => void;
  /** Set by the heat map inside the viewer: WGS84 degrees of the view's centre on the ground, if any. */
  viewCentreRef: { current: (() => [number, number] | undefined) | undefined };
}

/**
 * The shadow study: the area choices from the layer model, one worker per run (terminated when it ends, is
 * cancelled or the app unmounts), a configured plan shown (and so loaded) first when it is not in the model yet.
 */
export function useShadowStudy({
  model,
  tilesets,
  importedUrls = NO_URLS,
  date,
  fallbackCentre,
  language,
}: {
  model: LayerModel;
  tilesets: readonly TilesetSource[];
  /** Root URLs (blob:) of the imported tilesets shown now: their buildings cast shadows too. */
  importedUrls?: readonly string[];
  date: StudyDate;
  fallbackCentre: [number, number];
  language: 'de' | 'en';
}): ShadowStudySession {
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState(0);
  const [status, setStatus] = useState<StudyStatus>({ kind: 'idle' });
  const [result, setResult] = useState<ShadowStudySession['result']>();
  const [view, setViewState] = useState<StudyView>('today');
  const [envelopesShown, setEnvelopesShown] = useState<string>();
  // The callbacks of a finished run read the newest layer model, not the one of the render that started it.
  const modelNow = useRef(model);
  useEffect(() => {
    modelNow.current = model;
  }, [model]);
  const setView = useCallback(
    (next: StudyView, planId?: string) => {
      setViewState(next);
      if (next !== 'with-plan') {
        setEnvelopesShown(undefined);
        return;
      }
      const { layers, states, setLayerState } = modelNow.current;
      const envelopes = envelopesToShow(planId, layers, states);
      if (!envelopes) return;
      setLayerState(envelopes.id, { visible: true });
      setEnvelopesShown(envelopes.label[language]);
    },
    [language],
  );
  const viewCentreRef = useRef<(() => [number, number] | undefined) | undefined>(undefined);
  const worker = useRef<{ handle: ShadowWorkerHandle; id: number } | undefined>(undefined);
  const nextId = useRef(1);
  const choices = studyAreaChoices(model.plans, model.layers, language);
  const chosen = choices[Math.min(choice, choices.length - 1)];

  const stopWorker = useCallback(() => {
    const running = worker.current;
    worker.current = undefined;
    if (!running) return;
    // The worker stops at its next chunk; terminating as well frees it at once whatever it was doing.
    void running.handle.api.cancel(running.id).finally(() => running.handle.terminate());
  }, []);
  useEffect(() => stopWorker, [stopWorker]);

  // The worker fetches the imports' blob URLs as it fetches the city's tiles (same origin, CSP connect-src blob:).
  const tilesetUrls = [
    ...tilesets.map((tileset) => new URL(tileset.url, document.baseURI).href),
    ...importedUrls,
  ];
  const start = (request: ShadowStudyRequest | undefined, planId?: string) => {
    if (!request) {
      setStatus({ kind: 'error', message: 'no area' });
      return;
    }
    stopWorker();
    const handle = startShadowWorker();
    const id = nextId.current++;
    worker.current = { handle, id };
    setStatus({ kind: 'running', progress: undefined });
    const onProgress = proxy((progress: StudyProgress) => {
      if (worker.current?.id === id) setStatus({ kind: 'running', progress });
    });
    handle.api
      .run(id, request, onProgress)
      .then((done) => {
        if (worker.current?.id !== id) return;
        setResult({ ...done, date: request.date, planId });
        setView(done.withPlan ? 'with-plan' : 'today', planId);
        setStatus({ kind: 'done' });
      })
      .catch((error: unknown) => {
        if (worker.current?.id !== id) return;
        setStatus(
          error instanceof Error && error.name === 'AbortError'
            ? { kind: 'cancelled' }
            : { kind: 'error', message: errorMessage(error) },
        );
      })
      .finally(() => {
        handle.terminate();
        if (worker.current?.id === id) worker.current = undefined;
      });
  };
  const context = { date, ground: model.config.ground, tilesetUrls };

  const run = () => {
    if (!chosen) return;
    if (chosen.kind === 'view') {
      start(studyRequest({ centre: viewCentreRef.current?.() ?? fallbackCentre }, context));
      return;
    }
    const plan = model.plans[chosen.planId];
    if (plan) {
      start(studyRequest({ plan }, context), plan.planId);
      return;
    }
    // A configured plan loads when its areas layer is first shown.
    model.setLayerState(chosen.planId, { visible: true });
    setStatus({ kind: 'loading-plan', planId: chosen.planId, name: chosen.name });
  };

  const waitingFor = status.kind === 'loading-plan' ? status : undefined;
  const waitedPlan = waitingFor ? model.plans[waitingFor.planId] : undefined;
  const waitedError = waitingFor ? model.errors[waitingFor.planId] : undefined;
  useEffect(() => {
    if (!waitingFor) return;
    if (waitedPlan) start(studyRequest({ plan: waitedPlan }, context), waitedPlan.planId);
    else if (waitedError) setStatus({ kind: 'error', message: waitedError, planName: waitingFor.name });
    // `start` and `context` are rebuilt every render; the plan's arrival is what matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [waitingFor?.planId, waitedPlan, waitedError]);

  const cancel = () => {
    stopWorker();
    setStatus({ kind: 'cancelled' });
  };
  const close = (next: boolean) => {
    if (!next) stopWorker();
    if (!next && (status.kind === 'running' || status.kind === 'loading-plan')) setStatus({ kind: 'idle' });
    setOpen(next);
  };

  return {
    open,
    setOpen: close,
    choices,
    choice: Math.min(choice, choices.length - 1),
    setChoice,
    date,
    status,
    result,
    view,
    setView: (next) => setView(next, result?.planId),
    envelopesShown,
    run,
    cancel,
    viewCentreRef,
  };
}
