import { useEffect } from 'react';
import { Cartesian3, Color, DirectionalLight, Ellipsoid } from 'cesium';
import { skyColour } from '../../core/colour/sky.ts';
import { isSoftwareRenderer } from './renderer.ts';
import { useViewer } from './use-viewer.ts';

/**
 * On a software renderer (no GPU: virtual desktops, headless browsers) the sky is a plain colour for the sun's
 * elevation over the camera (`skyColour`) instead of Cesium's sky atmosphere, which costs about three quarters
 * of each frame there (`src/core/colour/sky.ts`). The sun is the scene's light (`FixedDaylight`); the colour is
 * set before each frame is drawn, so a new time of day shows in the same frame as its shading. On a GPU nothing
 * changes.
 */
export function SoftwareSky() {
  const viewer = useViewer();
  useEffect(() => {
    const scene = viewer.scene;
    const sky = scene.skyAtmosphere;
    if (!isSoftwareRenderer(viewer) || !sky) return;
    const previous = { show: sky.show, background: scene.backgroundColor.clone() };
    sky.show = false;
    const up = new Cartesian3();
    const background = new Color();
    const remove = scene.preRender.addEventListener(() => {
      const light = scene.light;
      if (!(light instanceof DirectionalLight)) return;
      Ellipsoid.WGS84.geodeticSurfaceNormal(scene.camera.positionWC, up);
      // The light travels from the sun to the ground: the sun stands against its direction.
      const sine = -Cartesian3.dot(light.direction, up);
      const { red, green, blue } = skyColour((Math.asin(Math.max(-1, Math.min(1, sine))) * 180) / Math.PI);
      background.red = red;
      background.green = green;
      background.blue = blue;
      background.alpha = 1;
      if (!Color.equals(background, scene.backgroundColor)) scene.backgroundColor = background.clone();
    });
    scene.requestRender();
    return () => {
      remove();
      if (viewer.isDestroyed()) return;
      sky.show = previous.show;
      scene.backgroundColor = previous.background;
    };
  }, [viewer]);
  return null;
}
