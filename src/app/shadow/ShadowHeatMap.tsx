import { useEffect } from 'react';
import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Cartographic,
  ClassificationType,
  CustomDataSource,
  Entity,
  HeadingPitchRange,
  ImageMaterialProperty,
  Math as CesiumMath,
  Rectangle,
} from 'cesium';
import { sunHoursDifference } from '../../core/shadow/stats.ts';
import { motionSeconds } from '../a11y/motion.ts';
import { showDataSource } from '../layers/draw-features.ts';
import { useViewer } from '../viewer/use-viewer.ts';
import { heatMapPixels, heatMapScale } from './heat-map.ts';
import type { ShadowStudySession } from './use-shadow-study.ts';

/**
 * The study's heat map, draped on the ground (globe and 3D tiles): one canvas pixel per cell on a ground-clamped
 * rectangle over the grid, transparent outside the area and under roofs. Also tells the study where the view's
 * centre is (the tiles' surface under the screen's centre, else the globe's).
 */
export function ShadowHeatMap({ session }: { session: ShadowStudySession }) {
  const viewer = useViewer();
  const { viewCentreRef, open, result, view } = session;
  useEffect(() => {
    viewCentreRef.current = () => {
      if (viewer.isDestroyed()) return undefined;
      const { scene, camera } = viewer;
      const centre = new Cartesian2(scene.canvas.clientWidth / 2, scene.canvas.clientHeight / 2);
      let position = scene.pickPositionSupported ? scene.pickPosition(centre) : undefined;
      if (!position) {
        const ray = camera.getPickRay(centre);
        position = ray ? scene.globe.pick(ray, scene) : undefined;
      }
      if (!position) return undefined;
      const geographic = Cartographic.fromCartesian(position);
      return [CesiumMath.toDegrees(geographic.longitude), CesiumMath.toDegrees(geographic.latitude)];
    };
    return () => {
      viewCentreRef.current = undefined;
    };
  }, [viewer, viewCentreRef]);

  // A new result: look at it from the south, 60° down, so the whole heat map is in view.
  useEffect(() => {
    if (!result || viewer.isDestroyed()) return;
    const { west, south, east, north, height } = result.grid;
    const sphere = BoundingSphere.fromPoints(
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
      ].map(([lon, lat]) => Cartesian3.fromDegrees(lon!, lat!, height)),
    );
    viewer.camera.flyToBoundingSphere(sphere, {
      offset: new HeadingPitchRange(0, CesiumMath.toRadians(-60), Math.max(250, sphere.radius * 2.8)),
      duration: motionSeconds(1),
    });
    viewer.scene.requestRender();
  }, [viewer, result]);

  const scale = heatMapScale({ result, view });
  useEffect(() => {
    if (!open || !result) return;
    const values =
      view === 'with-plan' && result.withPlan
        ? result.withPlan
        : view === 'difference' && result.withPlan
          ? sunHoursDifference(result.today, result.withPlan).change
          : result.today;
    const { columns, rows } = result.grid;
    const canvas = document.createElement('canvas');
    canvas.width = columns;
    canvas.height = rows;
    const context = canvas.getContext('2d');
    if (!context) return;
    const pixels = heatMapPixels(values, columns, rows, scale, view === 'difference' ? 'loss' : 'hours');
    context.putImageData(new ImageData(pixels, columns, rows), 0, 0);
    const dataSource = new CustomDataSource('shadow-study');
    dataSource.entities.add(
      new Entity({
        rectangle: {
          coordinates: Rectangle.fromDegrees(
            result.grid.west,
            result.grid.south,
            result.grid.east,
            result.grid.north,
          ),
          material: new ImageMaterialProperty({ image: canvas, transparent: true }),
          classificationType: ClassificationType.BOTH,
        },
      }),
    );
    return showDataSource(viewer, dataSource);
  }, [viewer, open, result, view, scale]);
  return null;
}
