import { useEffect } from 'react';
import { DirectionalLight, JulianDate } from 'cesium';
import { sunLightDirection } from '../sun/sun-light.ts';
import type { Place } from '../sun/sun-light.ts';
import { DEFAULT_SCENE_TIME } from './scene-time.ts';
import { useViewer } from './use-viewer.ts';

/** Intensity of Cesium's default sun light, kept for ours so buildings look as bright as before. */
const SUN_INTENSITY = 2;

/**
 * Lights the city at a fixed instant (ISO 8601 with zone; `DEFAULT_SCENE_TIME` unless a shared scene time is given)
 * whatever the time of day the page is opened, so views look the same every time. The light comes from where NOAA's
 * algorithm puts the sun over `place` (WGS84 degrees) at that instant; it shades the buildings and casts the shadows.
 * Cesium's own sun would do without Earth-orientation data, which the viewer does not load, and then stands about
 * 0.4° off (`src/app/sun/cesium-sun.test.ts`).
 */
export function FixedDaylight({ instant = DEFAULT_SCENE_TIME, place }: { instant?: string; place: Place }) {
  const viewer = useViewer();
  const { longitude, latitude } = place;
  useEffect(() => {
    const clock = viewer.clock;
    const scene = viewer.scene;
    const previous = { time: clock.currentTime.clone(), animate: clock.shouldAnimate, light: scene.light };
    clock.currentTime = JulianDate.fromIso8601(instant);
    clock.shouldAnimate = false;
    scene.light = new DirectionalLight({
      direction: sunLightDirection(Date.parse(instant), { longitude, latitude }),
      intensity: SUN_INTENSITY,
    });
    scene.requestRender();
    return () => {
      if (viewer.isDestroyed()) return;
      clock.currentTime = previous.time;
      clock.shouldAnimate = previous.animate;
      scene.light = previous.light;
    };
  }, [viewer, instant, longitude, latitude]);
  return null;
}
