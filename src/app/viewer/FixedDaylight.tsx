import { useEffect } from 'react';
import { JulianDate } from 'cesium';
import { MIDSUMMER_NOON } from './scene-time.ts';
import { useViewer } from './use-viewer.ts';

/**
 * Lights the city at a fixed instant (ISO 8601 with zone; midsummer noon unless a shared scene time is given)
 * whatever the time of day the page is opened, so buildings never turn dark at night and views look the same
 * every time.
 */
export function FixedDaylight({ instant = MIDSUMMER_NOON }: { instant?: string }) {
  const viewer = useViewer();
  useEffect(() => {
    const clock = viewer.clock;
    const previous = { time: clock.currentTime.clone(), animate: clock.shouldAnimate };
    clock.currentTime = JulianDate.fromIso8601(instant);
    clock.shouldAnimate = false;
    viewer.scene.requestRender();
    return () => {
      if (viewer.isDestroyed()) return;
      clock.currentTime = previous.time;
      clock.shouldAnimate = previous.animate;
    };
  }, [viewer, instant]);
  return null;
}
