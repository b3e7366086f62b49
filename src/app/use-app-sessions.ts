import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toBerlin } from '../core/sun/berlin-time.ts';
import { useInView } from './a11y/use-in-view.ts';
import { useCompareSides } from './compare/use-compare-sides.ts';
import { useCompare } from './compare/use-compare.ts';
import { useCityLayers } from './config/use-city-layers.ts';
import type { CityConfig } from './config/types.ts';
import type { PictureSourceApi } from './export/PictureSource.tsx';
import type { Language } from './i18n/index.ts';
import { shownImportedTilesetUrls } from './import/shown-tilesets.ts';
import { useImports } from './import/use-imports.ts';
import { useLayerHooks } from './import/use-layer-hooks.ts';
import { useKiosk } from './kiosk/use-kiosk.ts';
import { useLayerModel } from './layers/model.ts';
import type { Measurement } from '../core/measure/measurement.ts';
import { useMeasure } from './measure/use-measure.ts';
import { useOneToolPanel } from './panels/use-one-tool-panel.ts';
import { useShadowStudy } from './shadow/use-shadow-study.ts';
import { useSketch, useSketchFiles } from './sketch/use-sketch.ts';
import { useCut } from './cut/use-cut.ts';
import { createAppReset, useResetSubscription } from './state/reset.ts';
import { readShareState, useShareState } from './state/use-share-state.ts';
import { useStoryFiles } from './story/use-story-files.ts';
import { useStory } from './story/use-story.ts';
import { useSun } from './sun/use-sun.ts';
import { shownDroppedTerrain } from './terrain/DroppedTerrain.tsx';
import { useTerrain } from './terrain/use-terrain.ts';
import { DEFAULT_SCENE_TIME } from './viewer/scene-time.ts';

/**
 * The app's state for one city, feature by feature: each feature's session (measure, cut, sketch, sun, …),
 * the state a link shares (`share`, mirrored in the URL), and the wiring between them: one tool panel at a
 * time, clicks kept from the pickers while a tool places points, and "start again" (kiosk, reset) putting
 * everything back to how the link opened it. The app's parts (header tools, 3D scene, panels) read it.
 */
export function useAppSessions(city: CityConfig) {
  const { i18n } = useTranslation();
  const language: Language = i18n.language === 'en' ? 'en' : 'de';
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
  const share = useShareState(opened.state, {
    cityId: city.id,
    language,
    layerModel,
    measure: measure.state.kept,
    loadMeasurements: (kept: Measurement[]) => measure.dispatch({ type: 'restore', kept }),
    sketch: sketch.features,
    loadSketches: sketch.load,
    cut: { section: cut.section, clip: cut.area, restore: cut.restore },
    compare: compare.shared,
  }); // kept in the URL
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
    date: toBerlin(Date.parse(share.time ?? DEFAULT_SCENE_TIME)),
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
  const { toolActive } = useOneToolPanel(measure, cut, sketch);
  const pickLayerFeature = useCallback(
    (feature: Parameters<typeof setPicked>[0]) => {
      if (!toolActive.current) setPicked(feature);
    },
    [setPicked, toolActive],
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
  const [openedLanguage] = useState(language); // a reset gives the next visitor the page's first language
  const kiosk = useKiosk(city, story, appReset, language); // ?kiosk=1: idle reset, attract loop, no way off the page
  // A reset puts what the app itself holds back to how the page opened: its language, panels closed, no selection, no story,
  // layers, colouring, time, measurements and the cut as in the link (the camera: KioskScene; sketches: their own layer).
  useResetSubscription(appReset, () => {
    setLanguage(openedLanguage);
    setLayerTreeOpen(false);
    inView.setOpen(false);
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
  function setLanguage(next: Language) {
    if (i18n.language === next) return;
    void i18n.changeLanguage(next);
    document.documentElement.lang = next;
  }
  const switchLanguage = () => setLanguage(language === 'de' ? 'en' : 'de');

  return {
    city,
    language,
    switchLanguage,
    /** The link's state and what of it was ignored (shown by ShareProblems). */
    opened,
    share,
    picked,
    setPicked,
    pickLayerFeature,
    layerModel,
    terrain,
    droppedTerrain,
    imports,
    shownImports,
    addFiles,
    measure,
    cut,
    compare,
    compareSides,
    sketch,
    sun,
    chooseTime,
    shadow,
    inView,
    story,
    kiosk,
    appReset,
    pictureSourceRef,
    registerFlyHome,
    flyHome,
    layerTree: { open: layerTreeOpen, setOpen: setLayerTreeOpen },
    storyEditor: { open: storyEditorOpen, setOpen: setStoryEditorOpen },
    embed: { open: embedOpen, setOpen: setEmbedOpen },
    sheet: { cover: sheetCover, setCover: setSheetCover },
  };
}

/** What `useAppSessions` returns: every feature's session for the app's parts. */
export type AppSessions = ReturnType<typeof useAppSessions>;
