import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { InViewPanel } from './a11y/InViewPanel.tsx';
import { CompareDivider } from './compare/CompareSwipe.tsx';
import { compareDividerTexts } from './compare/divider-texts.ts';
import { DropZone } from './import/DropZone.tsx';
import { KioskControls } from './kiosk/KioskControls.tsx';
import { MeasureCrosshair } from './measure/MeasureButton.tsx';
import { LazyPart } from './offline/LazyPart.tsx';
import { SHADOW_TEXTS } from './shadow/texts.ts';
import { SketchCrosshair, SketchLayerRow, SketchPanel } from './sketch/SketchPanel.tsx';
import { ShareProblems } from './state/ShareProblems.tsx';
import { TerrainLayerRow } from './terrain/TerrainLayerRow.tsx';
import type { AppSessions } from './use-app-sessions.ts';

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

/**
 * What lies over the map: the drop zone or the kiosk's controls, the open panels (each loaded when first
 * opened) and the tools' crosshairs, in the order they take focus. The panels at the map's left share one
 * column (`.left-dock`, styles/dock.css), so none covers another; the others stack in this order.
 */
export function AppPanels({ app }: { app: AppSessions }) {
  const { t } = useTranslation();
  const {
    city,
    language,
    share,
    measure,
    sketch,
    cut,
    compare,
    sun,
    shadow,
    kiosk,
    layerTree,
    storyEditor,
    embed,
  } = app;
  return (
    <>
      {!kiosk.on && <DropZone onFiles={app.addFiles} />}
      {kiosk.on && <KioskControls kiosk={kiosk} language={language} />}
      {/* The panels at the map's left: one column, none covering another (styles/dock.css). */}
      <div className="left-dock">
        {layerTree.open && (
          <LazyPart>
            <LayerTree
              model={app.layerModel}
              language={language}
              ags={city.ags}
              onClose={() => layerTree.setOpen(false)}
            >
              <TerrainLayerRow terrain={app.terrain} language={language} />
              <SketchLayerRow session={sketch} language={language} />
            </LayerTree>
          </LazyPart>
        )}
        {app.imports.entries.length > 0 && (
          <LazyPart>
            <ImportedLayers imports={app.imports} />
          </LazyPart>
        )}
        <div className="left-dock-gap" />
        {app.inView.open && (
          <InViewPanel
            selected={app.picked}
            inView={app.inView.items}
            onOpen={(feature) => app.layerModel.flyToRef.current?.(feature)}
            onClose={() => app.inView.setOpen(false)}
            language={language}
          />
        )}
        {compare.on && (
          <LazyPart>
            <ComparePanel
              session={compare}
              sides={app.compareSides}
              language={language}
              planShown={app.cut.area !== undefined || app.cut.section !== undefined}
            />
          </LazyPart>
        )}
        {sun.open && (
          <LazyPart>
            <SunPanel
              time={share.time}
              setTime={app.chooseTime}
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
        {embed.open && (
          <LazyPart>
            <EmbedPanel
              cityId={city.id}
              view={share.view}
              selected={share.selected}
              time={share.time}
              defaultTitle={`${t('appTitle')} · ${city.title[language]}`}
              language={language}
              onClose={() => embed.setOpen(false)}
            />
          </LazyPart>
        )}
      </div>
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
          <CutPanel
            session={cut}
            language={language}
            plans={app.layerModel.plans}
            layers={app.layerModel.layers}
          />
        </LazyPart>
      )}
      {compare.on && (
        <CompareDivider
          percent={compare.percent}
          onChange={compare.setPercent}
          language={language}
          {...compareDividerTexts(compare, app.compareSides, language)}
        />
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
      <ShareProblems problems={app.opened.problems} language={language} />
      {/* While a story is presented it owns the view (and the presenter window): the editor steps aside. */}
      {storyEditor.open && !app.story.current?.story?.scenes.length && (
        <LazyPart>
          <StoryEditor
            onClose={() => storyEditor.setOpen(false)}
            onPlayFrom={(edited, index) => app.story.openStory(edited, index, edited.title)}
          />
        </LazyPart>
      )}
    </>
  );
}
