import { useEffect } from 'react';
import {
  Credit,
  ImageryLayer,
  TileMapServiceImageryProvider,
  UrlTemplateImageryProvider,
  WebMapTileServiceImageryProvider,
  buildModuleUrl,
} from 'cesium';
import type { BaseMapConfig } from '../config/types.ts';
import { useViewer } from './use-viewer.ts';

/**
 * The globe's base imagery: by default Natural Earth II shipped inside the cesium package and served
 * from our origin; basemap.de WMTS or OpenStreetMap only when the city config asks for them, with
 * their attribution (text: `DataCreditsAsText` shows a provider's credit as text).
 */
export function BaseMapLayer({ config }: { config: BaseMapConfig }) {
  const viewer = useViewer();
  useEffect(() => {
    let layer: ImageryLayer | undefined;
    if (config.kind === 'natural-earth') {
      layer = ImageryLayer.fromProviderAsync(
        TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')),
        {},
      );
    } else if (config.kind === 'wmts') {
      layer = new ImageryLayer(
        new WebMapTileServiceImageryProvider({
          url: config.url,
          layer: config.layer,
          style: config.style,
          tileMatrixSetID: config.tileMatrixSetID,
          format: config.format,
          maximumLevel: config.maximumLevel,
          credit: new Credit(config.attribution, true),
        }),
      );
    } else {
      layer = new ImageryLayer(
        new UrlTemplateImageryProvider({
          url: config.url,
          maximumLevel: config.maximumLevel,
          credit: new Credit(config.attribution, true),
        }),
      );
    }
    viewer.imageryLayers.add(layer, 0);
    return () => {
      if (!viewer.isDestroyed()) viewer.imageryLayers.remove(layer, true);
    };
  }, [viewer, config]);
  return null;
}
