import { useCallback, useState } from 'react';

/** The sun panel's own state: open or closed, and the shadows switch. */
export interface SunSession {
  open: boolean;
  setOpen: (open: boolean) => void;
  shadows: boolean;
  /** Set by the person: from then on their choice stands. */
  setShadows: (on: boolean) => void;
  /** Called when a time is chosen in the panel: shadows come on unless the person switched them off. */
  timeChosen: () => void;
}

/**
 * Shadows cost frames (a shadow map rendered from the sun each frame), so they are on by default only when a time
 * was chosen: a link with `time=`, or a time set in the panel; the plain view at the default scene time keeps its speed.
 */
export function useSun(sharedTime: boolean): SunSession {
  const [open, setOpen] = useState(false);
  const [shadows, setShadowsState] = useState(sharedTime);
  const [chosenByPerson, setChosenByPerson] = useState(false);
  const setShadows = useCallback((on: boolean) => {
    setChosenByPerson(true);
    setShadowsState(on);
  }, []);
  const timeChosen = useCallback(() => {
    if (!chosenByPerson) setShadowsState(true);
  }, [chosenByPerson]);
  return { open, setOpen, shadows, setShadows, timeChosen };
}
