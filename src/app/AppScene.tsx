import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CentrePick } from './a11y/CentrePick.tsx';
import { InViewTracker } from './a11y/InViewTracker.tsx';
import { CompareSplit } from './compare/CompareSwipe.tsx';
import { CompareTilesetSplit } from './compare/CompareTilesets.tsx';
import { attributionText } from './config/attribution.ts';
import { CutScene } from './cut/CutScene.tsx';
import { PictureSource } from './export/PictureSource.tsx';
import { ImportedTilesets } from './import/ImportedTileset.tsx';
import { KioskScene } from './kiosk/KioskScene.tsx';
import { ThematicLayers } from './layers/ThematicLayers.tsx';
import { MeasureEntities } from './measure/MeasureEntities.tsx';
import { MeasurePicker } from './measure/MeasurePicker.tsx';
import { KeepSelectionVisible } from './panels/KeepSelectionVisible.tsx';
import { ShadowHeatMap } from './shadow/ShadowHeatMap.tsx';
import { SketchLayer } from './sketch/SketchLayer.tsx';
import { ViewerHandle } from './state/ViewerHandle.tsx';
import { StoryLayer } from './story/StoryLayer.tsx';
import { SunShadows } from './sun/SunShadows.tsx';
import { CityTerrain } from './terrain/CityTerrain.tsx';
import { DroppedTerrain } from './terrain/DroppedTerrain.tsx';
import { TerrainProbe } from './terrain/TerrainProbe.tsx';
import { CameraTrace } from './touch/CameraTrace.tsx';
import { TouchNavigation } from './touch/TouchNavigation.tsx';
import type { AppSessions } from './use-app-sessions.ts';
import { Attributions } from './viewer/Attributions.tsx';
import { CreditsClearance } from './viewer/CreditsClearance.tsx';
import { BaseMapLayer } from './viewer/BaseMapLayer.tsx';
import { CameraRest } from './viewer/CameraRest.tsx';
import { CityTileset } from './viewer/CityTileset.tsx';
import { CityViewer } from './viewer/CityViewer.tsx';
import { FeaturePicker } from './viewer/FeaturePicker.tsx';
import { FixedDaylight } from './viewer/FixedDaylight.tsx';
import { HomeView } from './viewer/HomeView.tsx';
import { KeyboardNavigation } from './viewer/KeyboardNavigation.tsx';
import type { TilesetStatuses } from './viewer/StatusLine.tsx';

/** No points yet: one array for every render, so the measure picker's effect does not re-run. */
const NO_POINTS: never[] = [];

/**
 * The 3D map: the Cesium viewer with the city's base map, terrain and tilesets, and each feature's part of
 * the scene (pickers, measurements, sketches, cut, shadows, comparison, layers, story and kiosk cameras).
 * Order matters where parts add to the same Cesium collections: it is the order they appear in.
 */
export function AppScene({ app, tilesets }: { app: AppSessions; tilesets: TilesetStatuses }) {
  const { t } = useTranslation();
  const { city, language, share, terrain, droppedTerrain, measure, cut, sketch, compare, kiosk } = app;
  const attributions = useMemo(
    () =>
      [
        ...city.attributions,
        ...city.tilesets.flatMap((s) => (s.attribution ? [s.attribution] : [])),
        // While a dropped DGM is the terrain, its own credit (DroppedTerrain) names it instead.
        ...(!droppedTerrain && terrain.status !== 'error' && terrain.source?.attribution
          ? [terrain.source.attribution]
          : []),
      ].map((attribution) => attributionText(attribution, language)),
    [city, terrain.status, terrain.source, droppedTerrain, language],
  );
  // while a tool places points, clicks are not picks
  const toolTakesClicks = Boolean(measure.state.tool || cut.mode || sketch.tool);
  return (
    <CityViewer>
      <BaseMapLayer config={city.baseMap} />
      {terrain.source && !droppedTerrain && (
        <CityTerrain key={terrain.source.url} source={terrain.source} onStatus={terrain.onStatus} />
      )}
      {droppedTerrain && <DroppedTerrain key={droppedTerrain.id} entry={droppedTerrain} />}
      <TerrainProbe ready={terrain.status === 'ready'} />
      <FixedDaylight instant={share.time} place={city.homeView.target} />
      <SunShadows enabled={app.sun.shadows} />
      <Attributions texts={attributions} />
      <CreditsClearance />
      <HomeView view={city.homeView} startView={share.startView} registerFlyHome={app.registerFlyHome} />
      <CameraRest onRest={share.onCameraRest} />
      <ViewerHandle register={share.registerViewer} />
      <KeyboardNavigation label={t('mapLabel')} onHome={app.flyHome} />
      <TouchNavigation
        homeView={city.homeView}
        bounds={city.bounds}
        deriveBounds={kiosk.on}
        ground={city.layers?.ground}
      />
      <CameraTrace />
      <PictureSource sourceRef={app.pictureSourceRef} />
      {city.tilesets.map((source) => (
        <CityTileset key={source.id} source={source} onStatus={tilesets.onStatus} />
      ))}
      <ImportedTilesets entries={app.imports.entries} />
      {!toolTakesClicks && <FeaturePicker selected={share.selected} onPick={app.setPicked} />}
      <MeasurePicker
        tool={measure.state.tool}
        snap={measure.state.snap}
        current={measure.state.current?.points ?? NO_POINTS}
        others={measure.state.kept}
        dispatch={measure.dispatch}
        onNotice={measure.setNotice}
      />
      <MeasureEntities drawn={measure.drawn} language={language} />
      <SketchLayer session={sketch} />
      <CutScene session={cut} language={language} />
      <ShadowHeatMap session={app.shadow} />
      {compare.on &&
        (compare.mode === 'tilesets' && app.compareSides.sides ? (
          <CompareTilesetSplit
            percent={compare.percent}
            left={app.compareSides.sides.left}
            right={app.compareSides.sides.right}
            onLoad={app.compareSides.onLoad}
          />
        ) : (
          <CompareSplit percent={compare.percent} sources={city.tilesets} imported={app.shownImports} />
        ))}
      <ThematicLayers model={app.layerModel} language={language} onPick={app.pickLayerFeature} />
      <InViewTracker
        candidates={app.inView.candidates}
        ground={city.layers?.ground}
        onChange={app.inView.setItems}
      />
      <KeepSelectionVisible feature={app.picked} coveredPixels={app.sheet.cover} />
      <CentrePick enabled={!toolTakesClicks} onClear={() => app.setPicked(undefined)} />
      <StoryLayer source={app.story} options={kiosk.storyOptions} />
      {kiosk.on && (
        <KioskScene
          homeView={city.homeView}
          startView={share.startView}
          orbit={kiosk.attract === 'orbit'}
          degreesPerSecond={kiosk.options.orbitDegreesPerSecond}
        />
      )}
    </CityViewer>
  );
}
