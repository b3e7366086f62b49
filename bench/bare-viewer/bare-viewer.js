// The benchmark's peer: a plain Cesium Viewer (prebuilt Cesium.js, default widgets) loading the same
// tileset with the same camera; only the online defaults (ion imagery, geocoder) are replaced so it
// runs offline like our app. Sets the same performance mark as our app.
const params = new URLSearchParams(location.search);
const view = JSON.parse(params.get('view'));
Cesium.Ion.defaultAccessToken = '';
const viewer = new Cesium.Viewer('viewer', {
  baseLayer: Cesium.ImageryLayer.fromProviderAsync(
    Cesium.TileMapServiceImageryProvider.fromUrl(Cesium.buildModuleUrl('Assets/Textures/NaturalEarthII')),
  ),
  geocoder: false,
  baseLayerPicker: false,
  // The same quantized-mesh terrain as the app's when it shows one (`terrain`: its layer.json).
  ...(params.get('terrain')
    ? {
        terrain: new Cesium.Terrain(
          Cesium.CesiumTerrainProvider.fromUrl(params.get('terrain').replace(/layer\.json$/, ''), {
            requestVertexNormals: true,
          }),
        ),
      }
    : {}),
});
const target = Cesium.Cartesian3.fromDegrees(view.target.longitude, view.target.latitude, view.target.height);
viewer.camera.lookAt(
  target,
  new Cesium.HeadingPitchRange(
    Cesium.Math.toRadians(view.heading),
    Cesium.Math.toRadians(view.pitch),
    view.range,
  ),
);
viewer.camera.lookAtTransform(Cesium.Matrix4.IDENTITY);
Cesium.Cesium3DTileset.fromUrl(params.get('tileset'), { maximumScreenSpaceError: 8 }).then((tileset) => {
  viewer.scene.primitives.add(tileset);
  const removeVisible = tileset.tileVisible.addEventListener(() => {
    removeVisible();
    const removePostRender = viewer.scene.postRender.addEventListener(() => {
      removePostRender();
      performance.mark('stadtmodell:first-building-frame');
    });
  });
});
