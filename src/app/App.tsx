import { lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCityLayers } from './config/use-city-layers.ts';
import type { CityConfig } from './config/types.ts';
import { ExportPicture } from './export/ExportPicture.tsx';
import { AppHeader } from './header/AppHeader.tsx';
import { SearchBox } from './search/SearchBox.tsx';
import { PictureSource } from './export/PictureSource.tsx';
import type { PictureSourceApi } from './export/PictureSource.tsx';
import type { Language } from './i18n/index.ts';
import { LazyPart } from './offline/LazyPart.tsx';
// --- import of dropped or chosen files ---
import { DropZone } from './import/DropZone.tsx';
import { ImportButton } from './import/ImportButton.tsx';
import { ImportedTilesets } from './import/ImportedTileset.tsx';
import { useImports } from './import/use-imports.ts';
import { shownImportedTilesetUrls } from './import/shown-tilesets.ts';
import { useLayerHooks } from './import/use-layer-hooks.ts';
// --- end import ---
// --- thematic layers ---
import { LayerTreeToggle } from './layers/LayerTreeToggle.tsx';
import { useLayerModel } from './layers/model.ts';
import { ThematicLayers } from './layers/ThematicLayers.tsx';
import { attributionText } from './config/attribution.ts';
// --- end layers ---
// --- measure tools ---
import { MeasureEntities } from './measure/MeasureEntities.tsx';
import { MeasureButton, MeasureCrosshair } from './measure/MeasureButton.tsx';
import { MeasurePicker } from './measure/MeasurePicker.tsx';
import { useMeasure } from './measure/use-measure.ts';
import type { Measurement } from '../core/measure/measurement.ts';
// --- end measure tools ---
// --- sketches ---
import { SketchLayer } from './sketch/SketchLayer.tsx';
import { SketchButton, SketchCrosshair, SketchLayerRow, SketchPanel } from './sketch/SketchPanel.tsx';
import { useSketch, useSketchFiles } from './sketch/use-sketch.ts';
// --- end sketches ---
// --- cut and compare ---
import { CompareButton, CompareDivider, CompareSplit } from './compare/CompareSwipe.tsx';
import { compareDividerTexts } from './compare/divider-texts.ts';
import { CompareTilesetSplit } from './compare/CompareTilesets.tsx';
import { useCompare } from './compare/use-compare.ts';
import { useCompareSides } from './compare/use-compare-sides.ts';
import { CutButton } from './cut/CutButton.tsx';
import { CutScene } from './cut/CutScene.tsx';
import { useCut } from './cut/use-cut.ts';
// --- end cut and compare ---
// --- sun and shadow ---
import { SunButton } from './sun/SunButton.tsx';
import { EmbedButton } from './embed/EmbedButton.tsx';
import { SunShadows } from './sun/SunShadows.tsx';
import { useSun } from './sun/use-sun.ts';
import { ShadowHeatMap } from './shadow/ShadowHeatMap.tsx';
import { SHADOW_TEXTS } from './shadow/texts.ts';
import { useShadowStudy } from './shadow/use-shadow-study.ts';
import { toBerlin } from '../core/sun/berlin-time.ts';
import { MIDSUMMER_NOON } from './viewer/scene-time.ts';
// --- end sun and shadow ---
import { AttributePanel } from './panels/AttributePanel.tsx';
// --- accessibility: "in view" list, announcements, selection kept above the bottom sheet ---
import { Announcer } from './a11y/Announcer.tsx';
import { CentrePick } from './a11y/CentrePick.tsx';
import { InViewPanel, InViewToggle, selectionName } from './a11y/InViewPanel.tsx';
import { InViewTracker } from './a11y/InViewTracker.tsx';
import { useInView } from './a11y/use-in-view.ts';
import { KeepSelectionVisible } from './panels/KeepSelectionVisible.tsx';
// --- end accessibility ---
import { StoryEditorToggle } from './story-editor/StoryEditorToggle.tsx';
// --- stories (presentation) ---
import { StoriesMenu } from './story/StoriesMenu.tsx';
import { StoryLayer } from './story/StoryLayer.tsx';
import { useStory } from './story/use-story.ts';
import { useStoryFiles } from './story/use-story-files.ts';
// --- end stories ---
// --- kiosk mode (foyer screen) and "start again" ---
import { KioskControls } from './kiosk/KioskControls.tsx';
import { KioskScene } from './kiosk/KioskScene.tsx';
import { useKiosk } from './kiosk/use-kiosk.ts';
import { AppResetContext, createAppReset, useResetSubscription } from './state/reset.ts';
// --- end kiosk ---
// --- shareable state (URL, scene target) ---
import { ShareProblems } from './state/ShareProblems.tsx';
import { SceneTargetContext } from './state/use-scene-target.ts';
import { readShareState, useShareState } from './state/use-share-state.ts';
import { ViewerHandle } from './state/ViewerHandle.tsx';
import { CameraRest } from './viewer/CameraRest.tsx';
// --- end shareable state ---
import { Attributions } from './viewer/Attributions.tsx';
import { BaseMapLayer } from './viewer/BaseMapLayer.tsx';
import { CityTileset } from './viewer/CityTileset.tsx';
import type { TilesetStatus } from './viewer/CityTileset.tsx';
import { CityViewer } from './viewer/CityViewer.tsx';
import { FeaturePicker } from './viewer/FeaturePicker.tsx';
import { FixedDaylight } from './viewer/FixedDaylight.tsx';
import { HomeView } from './viewer/HomeView.tsx';
import { KeyboardNavigation } from './viewer/KeyboardNavigation.tsx';
import { UiScaleSelect } from './display/UiScaleSelect.tsx';
import { CameraTrace } from './touch/CameraTrace.tsx';
import { CityTerrain } from './terrain/CityTerrain.tsx';
import { DroppedTerrain, shownDroppedTerrain } from './terrain/DroppedTerrain.tsx';
import { TerrainLayerRow } from './terrain/TerrainLayerRow.tsx';
import { TerrainNotice } from './terrain/TerrainNotice.tsx';
import { TerrainProbe } from './terrain/TerrainProbe.tsx';
import { useTerrain } from './terrain/use-terrain.ts';
import { TouchNavigation } from './touch/TouchNavigation.tsx';

// Parts loaded when first used (their chunks stay out of the start-up bundle).
const MeasurePanel = lazy(() =>
  import('./measure/MeasurePanel.tsx').then((module) => ({ default: module.MeasurePanel })),
);
const StoryEditor = lazy(() =>
  import('./story-editor/StoryEditor.tsx').then((module) => ({ default: module.StoryEditor })),
);
const ComparePanel = lazy(() =>
  import('./compare/ComparePanel.tsx').then((module) => ({ default: module.ComparePanel })),
);
const CutPanel = lazy(() => import('./cut/CutPanel.tsx').then((module) => ({ default: module.CutPanel })));
const SunPanel = lazy(() => import('./sun/SunPanel.tsx').then((module) => ({ default: module.SunPanel })));
const EmbedPanel = lazy(() =>
  import('./embed/EmbedPanel.tsx').then((module) => ({ default: module.EmbedPanel })),
);
const ShadowStudyPanel = lazy(() =>
  import('./shadow/ShadowStudyPanel.tsx').then((module) => ({ default: module.ShadowStudyPanel })),
);
const LayerTree = lazy(() =>
  import('./layers/LayerTree.tsx').then((module) => ({ default: module.LayerTree })),
);
const ImportedLayers = lazy(() =>
  import('./import/ImportedLayers.tsx').then((module) => ({ default: module.ImportedLayers })),
);

/** No points yet: one array for every render, so the measure picker's effect does not re-run. */
const NO_POINTS: never[] = [];

interface TilesetState {
  status: TilesetStatus;
  detail?: string;
}

/** The viewer app for one city: header, 3D map, attribute panel and status line. */
export function App({ city, unknownCityId }: { city: CityConfig; unknownCityId?: string }) {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.language === 'en' ? 'en' : 'de';
  const [tilesets, setTilesets] = useState<Record<string, TilesetState>>({});
  const terrain = useTerrain(city.terrain); // the city's terrain or ?terrain=; the ellipsoid without
  const flyHomeRef = useRef<(() => void) | undefined>(undefined);
  const pictureSourceRef = useRef<PictureSourceApi | undefined>(undefined); // the viewer's captures, for the export
  const cityLayers = useCityLayers(city.layers); // the city's thematic layers; + ?layersConfig= on localhost only
  const [opened] = useState(readShareState); // the link's state and what of it was ignored
  const measure = useMeasure(opened.state.measure); // measure tools; while one is active, clicks place points
  const layerModel = useLayerModel(cityLayers, opened.state.layers);
  const cut = useCut(opened.state); // section plane and hidden area (section=, clip=); while picking or drawing, clicks are the tool's
  const compare = useCompare(opened.state.compare); // the swipe divider: today vs the plan, or two tilesets
  const sketch = useSketch(opened.state.sketch, language); // sketches: a pen or mouse draws, a finger navigates
  const shared = {
    cityId: city.id,
    language,
    layerModel,
    measure: measure.state.kept,
    loadMeasurements: (kept: Measurement[]) => measure.dispatch({ type: 'restore', kept }),
    sketch: sketch.features,
    loadSketches: sketch.load,
    cut: { section: cut.section, clip: cut.area, restore: cut.restore },
    compare: compare.shared,
  };
  const share = useShareState(opened.state, shared); // kept in the URL
  const sun = useSun(opened.state.time !== undefined); // sun panel; shadows on once a time is chosen
  const { setTime: setShareTime } = share;
  const imports = useImports(useLayerHooks(layerModel)); // dropped plans and vector files go to the layer model
  const droppedTerrain = shownDroppedTerrain(imports.entries); // a dropped DGM stands in for the city's terrain
  // The imported tilesets shown now: they cast shadows in the study and get a "today" copy in the comparison.
  const shownImports = shownImportedTilesetUrls(imports.entries);
  const shadow = useShadowStudy({
    model: layerModel,
    tilesets: city.tilesets,
    importedUrls: shownImports,
    date: toBerlin(Date.parse(share.time ?? MIDSUMMER_NOON)),
    fallbackCentre: [city.homeView.target.longitude, city.homeView.target.latitude],
    language,
  }); // the shadow study: sun hours per ground point for the sun panel's day
  const { timeChosen } = sun;
  const chooseTime = useCallback(
    (time: string) => {
      setShareTime(time);
      timeChosen();
    },
    [setShareTime, timeChosen],
  );
  const { picked, setPicked } = share;
  // While a measure tool is active a click places a point: layer features are not picked either.
  const measuring = useRef(false);
  useEffect(() => {
    if (measure.state.tool !== undefined || cut.mode !== undefined || sketch.tool !== undefined) {
      measuring.current = true;
      return;
    }
    // The click that ended a tool's mode (a picked plan area) reaches the layer picker a task later: still a tool's.
    const timer = setTimeout(() => {
      measuring.current = false;
    }, 50);
    return () => clearTimeout(timer);
  }, [measure.state.tool, cut.mode, sketch.tool]);
  // One tool panel at a time: opening the cut panel closes the measure panel, and the other way round.
  const { setOpen: setCutOpen } = cut;
  const { setOpen: setMeasureOpen } = measure;
  useEffect(() => {
    if (measure.open) setCutOpen(false);
  }, [measure.open, setCutOpen]);
  useEffect(() => {
    if (cut.open) setMeasureOpen(false);
  }, [cut.open, setMeasureOpen]);
  const { setOpen: setSketchOpen } = sketch;
  useEffect(() => {
    if (sketch.open) {
      setMeasureOpen(false);
      setCutOpen(false);
    }
  }, [sketch.open, setMeasureOpen, setCutOpen]);
  useEffect(() => {
    if (measure.open || cut.open) setSketchOpen(false);
  }, [measure.open, cut.open, setSketchOpen]);
  const pickLayerFeature = useCallback(
    (feature: Parameters<typeof setPicked>[0]) => {
      if (!measuring.current) setPicked(feature);
    },
    [setPicked],
  );
  const [layerTreeOpen, setLayerTreeOpen] = useState(false);
  const inView = useInView(layerModel, language); // the text alternative to the 3D picture
  const [sheetCover, setSheetCover] = useState(0); // pixels the attribute sheet covers on phones
  const [storyEditorOpen, setStoryEditorOpen] = useState(false);
  const [embedOpen, setEmbedOpen] = useState(false);
  const compareSides = useCompareSides(compare, city, imports.entries, language); // what either side can show
  const story = useStory(); // ?story=, the stories menu, dropped story files
  const addFiles = useSketchFiles(useStoryFiles(imports.add, story.openFile), sketch.importFile); // story .json opens as a story, sketch GeoJSON as sketches, the rest imports
  const [appReset] = useState(createAppReset); // "start again": features subscribe with useOnReset
  const kiosk = useKiosk(city, story, appReset); // ?kiosk=1: idle reset, attract loop, no way off the page
  // A reset puts what the app itself holds back to how the page opened: panels closed, no selection, no story,
  // layers, colouring, time, measurements and the cut as in the link (the camera: KioskScene; sketches: their own layer).
  useResetSubscription(appReset, () => {
    setLayerTreeOpen(false);
    setStoryEditorOpen(false);
    measure.setOpen(false);
    measure.dispatch({ type: 'restore', kept: [...(opened.state.measure ?? [])] });
    cut.setOpen(false);
    cut.restore({ section: opened.state.section ?? null, clip: opened.state.clip ?? null });
    compare.reset();
    sun.setOpen(false);
    shadow.setOpen(false);
    setPicked(undefined);
    story.close();
    setShareTime(opened.state.time);
    for (const layer of layerModel.layers) {
      const start = { visible: layer.visible, opacity: layer.opacity, ...opened.state.layers?.[layer.id] };
      layerModel.setLayerState(layer.id, start);
    }
    layerModel.setBuildingColour(opened.state.colour);
  });

  const registerFlyHome = useCallback((flyHome: (() => void) | undefined) => {
    flyHomeRef.current = flyHome;
  }, []);
  const flyHome = useCallback(() => flyHomeRef.current?.(), []);
  const onTilesetStatus = useCallback((id: string, status: TilesetStatus, detail?: string) => {
    setTilesets((previous) => {
      // Once failed, stay failed: later events must not hide the error.
      if (previous[id]?.status === 'error') return previous;
      return { ...previous, [id]: { status, detail } };
    });
  }, []);
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
  const switchLanguage = () => {
    const next: Language = language === 'de' ? 'en' : 'de';
    void i18n.changeLanguage(next);
    document.documentElement.lang = next;
  };

  const failed = city.tilesets.filter((s) => tilesets[s.id]?.status === 'error');
  const loading = city.tilesets.some((s) => (tilesets[s.id]?.status ?? 'loading') === 'loading');
  const statusAttributes = Object.fromEntries(
    city.tilesets.map((s) => [`data-tileset-${s.id}`, tilesets[s.id]?.status ?? 'loading']),
  );

  return (
    <AppResetContext.Provider value={appReset}>
      <SceneTargetContext.Provider value={share.sceneTarget}>
        <div
          className="app"
          data-kiosk={kiosk.on ? '' : undefined}
          data-terrain={terrain.status}
          {...statusAttributes}
        >
          <a className="skip-link" href="#map">
            {t('skipToMap')}
          </a>
          <AppHeader
            cityTitle={city.title[language]}
            notice={city.notice?.[language]}
            language={language}
            onHome={flyHome}
            onSwitchLanguage={switchLanguage}
            search={
              <SearchBox
                language={language}
                tilesets={city.tilesets}
                imports={imports.entries}
                model={layerModel}
                geocoder={city.geocoder}
                groundHeight={city.homeView.target.height}
              />
            }
            tools={
              <>
                {/* Each feature's toolbar control, one line each; the header folds them into a menu on small screens. */}
                {city.layers && (
                  <LayerTreeToggle
                    open={layerTreeOpen}
                    onToggle={() => setLayerTreeOpen((open) => !open)}
                    language={language}
                  />
                )}
                <InViewToggle open={inView.open} onToggle={inView.toggle} language={language} />
                {city.stories && city.stories.length > 0 && (
                  <StoriesMenu stories={city.stories} language={language} onOpen={story.openUrl} />
                )}
                <MeasureButton session={measure} language={language} />
                <SketchButton session={sketch} language={language} />
                <CutButton session={cut} language={language} />
                <CompareButton on={compare.on} onToggle={compare.toggle} language={language} />
                <SunButton open={sun.open} onToggle={() => sun.setOpen(!sun.open)} language={language} />
                {/* A kiosk offers nothing to import, save or edit: it is a shared screen nobody looks after. */}
                {!kiosk.on && (
                  <>
                    <ImportButton onFiles={addFiles} />
                    <ExportPicture
                      sourceRef={pictureSourceRef}
                      title={`${t('appTitle')} · ${city.title[language]}`}
                      fileBase={city.title[language]}
                      language={language}
                    />
                    <StoryEditorToggle
                      open={storyEditorOpen}
                      onToggle={() => setStoryEditorOpen((open) => !open)}
                    />
                    <EmbedButton
                      open={embedOpen}
                      onToggle={() => setEmbedOpen((open) => !open)}
                      language={language}
                    />
                  </>
                )}
                <UiScaleSelect language={language} />
              </>
            }
          />
          <main id="map" className="map" tabIndex={-1}>
            <CityViewer>
              <BaseMapLayer config={city.baseMap} />
              {terrain.source && !droppedTerrain && (
                <CityTerrain key={terrain.source.url} source={terrain.source} onStatus={terrain.onStatus} />
              )}
              {droppedTerrain && <DroppedTerrain key={droppedTerrain.id} entry={droppedTerrain} />}
              <TerrainProbe ready={terrain.status === 'ready'} />
              <FixedDaylight instant={share.time} place={city.homeView.target} />
              <SunShadows enabled={sun.shadows} />
              <Attributions texts={attributions} />
              <HomeView view={city.homeView} startView={share.startView} registerFlyHome={registerFlyHome} />
              <CameraRest onRest={share.onCameraRest} />
              <ViewerHandle register={share.registerViewer} />
              <KeyboardNavigation label={t('mapLabel')} onHome={flyHome} />
              <TouchNavigation
                homeView={city.homeView}
                bounds={city.bounds}
                deriveBounds={kiosk.on}
                ground={city.layers?.ground}
              />
              <CameraTrace />
              <PictureSource sourceRef={pictureSourceRef} />
              {city.tilesets.map((source) => (
                <CityTileset key={source.id} source={source} onStatus={onTilesetStatus} />
              ))}
              <ImportedTilesets entries={imports.entries} />
              {!measure.state.tool && !cut.mode && !sketch.tool && (
                <FeaturePicker selected={share.selected} onPick={setPicked} />
              )}
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
              <ShadowHeatMap session={shadow} />
              {compare.on &&
                (compare.mode === 'tilesets' && compareSides.sides ? (
                  <CompareTilesetSplit
                    percent={compare.percent}
                    left={compareSides.sides.left}
                    right={compareSides.sides.right}
                    onLoad={compareSides.onLoad}
                  />
                ) : (
                  <CompareSplit percent={compare.percent} sources={city.tilesets} imported={shownImports} />
                ))}
              <ThematicLayers model={layerModel} language={language} onPick={pickLayerFeature} />
              <InViewTracker
                candidates={inView.candidates}
                ground={city.layers?.ground}
                onChange={inView.setItems}
              />
              <KeepSelectionVisible feature={picked} coveredPixels={sheetCover} />
              <CentrePick enabled={!measure.state.tool && !cut.mode && !sketch.tool} />
              <StoryLayer source={story} options={kiosk.storyOptions} />
              {kiosk.on && (
                <KioskScene
                  homeView={city.homeView}
                  startView={share.startView}
                  orbit={kiosk.attract === 'orbit'}
                  degreesPerSecond={kiosk.options.orbitDegreesPerSecond}
                />
              )}
            </CityViewer>
            {!kiosk.on && <DropZone onFiles={addFiles} />}
            {kiosk.on && <KioskControls kiosk={kiosk} language={language} />}
            {measure.state.tool && <MeasureCrosshair language={language} />}
            {measure.open && (
              <LazyPart>
                <MeasurePanel session={measure} language={language} />
              </LazyPart>
            )}
            {sketch.tool && <SketchCrosshair language={language} />}
            {sketch.open && <SketchPanel session={sketch} language={language} files={!kiosk.on} />}
            {cut.open && (
              <LazyPart>
                <CutPanel session={cut} language={language} plans={layerModel.plans} />
              </LazyPart>
            )}
            {compare.on && (
              <>
                <CompareDivider
                  percent={compare.percent}
                  onChange={compare.setPercent}
                  language={language}
                  {...compareDividerTexts(compare, compareSides, language)}
                />
                <LazyPart>
                  <ComparePanel session={compare} sides={compareSides} language={language} />
                </LazyPart>
              </>
            )}
            {embedOpen && (
              <LazyPart>
                <EmbedPanel
                  cityId={city.id}
                  view={share.view}
                  selected={share.selected}
                  time={share.time}
                  defaultTitle={`${t('appTitle')} · ${city.title[language]}`}
                  language={language}
                  onClose={() => setEmbedOpen(false)}
                />
              </LazyPart>
            )}
            {sun.open && (
              <LazyPart>
                <SunPanel
                  time={share.time}
                  setTime={chooseTime}
                  place={city.homeView.target}
                  shadows={sun.shadows}
                  setShadows={sun.setShadows}
                  onClose={() => sun.setOpen(false)}
                  language={language}
                  shadowStudy={{
                    label: SHADOW_TEXTS[language].open,
                    title: SHADOW_TEXTS[language].openTitle,
                    onOpen: () => {
                      sun.setOpen(false);
                      shadow.setOpen(true);
                    },
                  }}
                />
              </LazyPart>
            )}
            {shadow.open && (
              <LazyPart>
                <ShadowStudyPanel
                  session={shadow}
                  language={language}
                  onChangeDay={() => {
                    shadow.setOpen(false);
                    sun.setOpen(true);
                  }}
                />
              </LazyPart>
            )}
            <ShareProblems problems={opened.problems} language={language} />
            {imports.entries.length > 0 && (
              <LazyPart>
                <ImportedLayers imports={imports} />
              </LazyPart>
            )}
            {layerTreeOpen && (
              <LazyPart>
                <LayerTree
                  model={layerModel}
                  language={language}
                  ags={city.ags}
                  onClose={() => setLayerTreeOpen(false)}
                >
                  <TerrainLayerRow terrain={terrain} language={language} />
                  <SketchLayerRow session={sketch} language={language} />
                </LayerTree>
              </LazyPart>
            )}
            {inView.open && (
              <InViewPanel
                selected={picked}
                inView={inView.items}
                onOpen={(feature) => layerModel.flyToRef.current?.(feature)}
                onClose={() => inView.setOpen(false)}
                language={language}
              />
            )}
            {/* While a story is presented it owns the view (and the presenter window): the editor steps aside. */}
            {storyEditorOpen && !story.current?.story?.scenes.length && (
              <LazyPart>
                <StoryEditor
                  onClose={() => setStoryEditorOpen(false)}
                  onPlayFrom={(edited, index) => story.openStory(edited, index, edited.title)}
                />
              </LazyPart>
            )}
          </main>
          {picked && (
            <AttributePanel feature={picked} onClose={() => setPicked(undefined)} onCover={setSheetCover} />
          )}
          <Announcer
            selection={selectionName(picked, language)}
            viewSummary={inView.summary}
            language={language}
          />
          <div className="status" role="status" aria-live="polite">
            {unknownCityId && <p>{t('unknownCity', { id: unknownCityId, fallback: city.name })}</p>}
            {loading && <p>{t('loadingCity')}</p>}
            {failed.map((s) => (
              <p key={s.id} className="error">
                {t('tilesetError', { label: s.label[language] })}{' '}
                {/* Offline, the tiles are not missing: the offline notice says why they did not load. */}
                {navigator.onLine && s.missingHint?.[language]}
              </p>
            ))}
            <TerrainNotice terrain={terrain} language={language} />
            {!picked && !loading && failed.length === 0 && <p className="hint">{t('pickHint')}</p>}
          </div>
        </div>
      </SceneTargetContext.Provider>
    </AppResetContext.Provider>
  );
}
