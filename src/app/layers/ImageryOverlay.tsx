import { useEffect, useState } from 'react';
import {
  ImageryLayer,
  WebMapServiceImageryProvider,
  WebMapTileServiceImageryProvider,
  WebMercatorTilingScheme,
} from 'cesium';
import { useViewer } from '../viewer/use-viewer.ts';
import { renderUntilReady } from './draw-features.ts';
import type { LayerDrawProps } from './registry.ts';

/**
 * A WMS or WMTS layer as Cesium imagery on the globe, above the base map: created when first shown, then shown,
 * hidden and faded with the layer's state (no new requests for a toggle).
 */
export function ImageryOverlay({ layer, state }: LayerDrawProps) {
  const viewer = useViewer();
  const [imagery, setImagery] = useState<ImageryLayer | undefined>();
  const shown = state.visible || imagery !== undefined;
  const { source } = layer;
  useEffect(() => {
    if (!shown) return;
    const base = document.baseURI;
    let provider: WebMapServiceImageryProvider | WebMapTileServiceImageryProvider;
    if (source.type === 'wms') {
      // WMS 1.3.0 in Web Mercator (CRS=EPSG:3857, x/y axis order), on the base map's own tile grid.
      provider = new WebMapServiceImageryProvider({
        url: new URL(source.url, base).href,
        layers: source.layers,
        tilingScheme: new WebMercatorTilingScheme(),
        parameters: { version: '1.3.0', format: source.format ?? 'image/png', transparent: true },
        ...(source.maximumLevel !== undefined ? { maximumLevel: source.maximumLevel } : {}),
      });
    } else if (source.type === 'wmts') {
      provider = new WebMapTileServiceImageryProvider({
        url: new URL(source.url, base).href,
        layer: source.layer,
        style: source.style,
        tileMatrixSetID: source.tileMatrixSetID,
        format: source.format ?? 'image/png',
        ...(source.maximumLevel !== undefined ? { maximumLevel: source.maximumLevel } : {}),
      });
    } else {
      return;
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
  }, [viewer, source, shown]);
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
