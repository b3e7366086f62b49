import { createContext, useContext, useEffect, useRef } from 'react';

/**
 * "Start again" for the whole app: one call, and every feature that holds state a person made (open panels, the
 * selection, sketches, layers, the camera) puts it back to how the page started. The kiosk calls it after the
 * idle time and from its "Start again" button; features subscribe with `useOnReset` and clear their own state, so
 * the kiosk knows none of them (a sketch layer clears its strokes in its own `useOnReset` callback).
 *
 * Subscribers run synchronously, in the order they subscribed; one that throws does not stop the others (the
 * error is rethrown after all have run).
 */
export interface AppReset {
  /** Runs every subscriber once. */
  resetApp(): void;
  /** Calls `listener` on every reset; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Number of resets so far (for the kiosk's `data-kiosk-resets` and tests). */
  readonly count: number;
}

/** A new reset source with no subscribers. Plain (no React): one per app, created in use-app-sessions.ts and provided by App.tsx. */
export function createAppReset(): AppReset {
  const listeners = new Set<() => void>();
  let count = 0;
  return {
    resetApp() {
      count += 1;
      const errors: unknown[] = [];
      for (const listener of [...listeners]) {
        try {
          listener();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, 'resetApp: several reset subscribers failed');
    },
    subscribe(listener) {
      // A wrapper per subscription: the same function subscribed twice (StrictMode) is two subscriptions.
      const entry = () => listener();
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    get count() {
      return count;
    },
  };
}

/** The app's reset source; App.tsx provides it around the map, the panels and the header. */
export const AppResetContext = createContext<AppReset | undefined>(undefined);

/** The app's reset source. Throws outside its provider, so a feature cannot silently miss resets. */
export function useAppReset(): AppReset {
  const reset = useContext(AppResetContext);
  if (!reset) throw new Error('useAppReset: must be used inside AppResetContext (App.tsx)');
  return reset;
}

/**
 * Calls `callback` whenever the app is reset (kiosk idle time, "Start again"). The newest `callback` is called,
 * so it may close over state without being memoised. Use it to put the feature's own state back to the start,
 * e.g. a sketch layer: `useOnReset(() => sketches.clear())`.
 */
export function useOnReset(callback: () => void): void {
  useResetSubscription(useAppReset(), callback);
}

/** `useOnReset` on a given reset source: for the app (use-app-sessions.ts), which creates the source App.tsx provides. */
export function useResetSubscription(reset: AppReset, callback: () => void): void {
  const latest = useRef(callback);
  useEffect(() => {
    latest.current = callback;
  });
  useEffect(() => reset.subscribe(() => latest.current()), [reset]);
}
