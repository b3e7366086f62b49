import { useEffect, useState } from 'react';
import {
  ImageryLayer,
  Rectangle,
  WebMapServiceImageryProvider,
  WebMapTileServiceImageryProvider,
  WebMercatorTilingScheme,
} from 'cesium';
import { useViewer } from '../viewer/use-viewer.ts';
import { renderUntilReady } from './draw-features.ts';
import { sourceBox } from './remote.ts';
import type { LayerDrawProps } from './registry.ts';

/**
 * A WMS or WMTS layer as Cesium imagery on the globe, above the base map: created when first shown, then shown,
 * hidden and faded with the layer's state (no new requests for a toggle).
 */
export function ImageryOverlay({ layer, state, model }: LayerDrawProps) {
  const viewer = useViewer();
  const [imagery, setImagery] = useState<ImageryLayer | undefined>();
  const shown = state.visible || imagery !== undefined;
  const { source } = layer;
  const { ground } = model.config;
  useEffect(() => {
    if (!shown || (source.type !== 'wms' && source.type !== 'wmts')) return;
    const base = document.baseURI;
    // No requests for tiles outside the layer's box: a city's server is not asked for the rest of the world.
    const box = sourceBox(source, ground);
    const within = box ? { rectangle: Rectangle.fromDegrees(...box) } : {};
    let provider: WebMapServiceImageryProvider | WebMapTileServiceImageryProvider;
    if (source.type === 'wms') {
      // WMS 1.3.0 in Web Mercator (CRS=EPSG:3857, x/y axis order), on the base map's own tile grid.
      provider = new WebMapServiceImageryProvider({
        url: new URL(source.url, base).href,
        layers: source.layers,
        tilingScheme: new WebMercatorTilingScheme(),
        parameters: { version: '1.3.0', format: source.format ?? 'image/png', transparent: true },
        ...(source.maximumLevel !== undefined ? { maximumLevel: source.maximumLevel } : {}),
        ...within,
      });
    } else {
      provider = new WebMapTileServiceImageryProvider({
        url: new URL(source.url, base).href,
        layer: source.layer,
        style: source.style,
        tileMatrixSetID: source.tileMatrixSetID,
        format: source.format ?? 'image/png',
        ...(source.maximumLevel !== undefined ? { maximumLevel: source.maximumLevel } : {}),
        ...within,
      });
    }
    const created = new ImageryLayer(provider, {});
    viewer.imageryLayers.add(created);
    setImagery(created);
    return () => {
      if (!viewer.isDestroyed()) {
        viewer.imageryLayers.remove(created, true);
        viewer.scene.requestRender();
      }
      setImagery(undefined);
    };
    // `shown` stays true once the imagery exists: a hidden layer is hidden, not rebuilt.
  }, [viewer, source, ground, shown]);
  useEffect(() => {
    if (!imagery) return;
    imagery.show = state.visible;
    imagery.alpha = Math.max(0, Math.min(1, state.opacity));
    viewer.scene.requestRender();
    // Tiles arrive asynchronously: keep rendering a while (render on demand).
    return renderUntilReady(viewer);
  }, [viewer, imagery, state.visible, state.opacity]);
  return null;
}
