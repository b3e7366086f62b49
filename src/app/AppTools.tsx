import { useTranslation } from 'react-i18next';
import { InViewToggle } from './a11y/InViewPanel.tsx';
import { CompareButton } from './compare/CompareSwipe.tsx';
import { CutButton } from './cut/CutButton.tsx';
import { UiScaleSelect } from './display/UiScaleSelect.tsx';
import { EmbedButton } from './embed/EmbedButton.tsx';
import { ExportPicture } from './export/ExportPicture.tsx';
import { ImportButton } from './import/ImportButton.tsx';
import { LayerTreeToggle } from './layers/LayerTreeToggle.tsx';
import { MeasureButton } from './measure/MeasureButton.tsx';
import { SketchButton } from './sketch/SketchPanel.tsx';
import { StoryEditorToggle } from './story-editor/StoryEditorToggle.tsx';
import { StoriesMenu } from './story/StoriesMenu.tsx';
import { SunButton } from './sun/SunButton.tsx';
import type { AppSessions } from './use-app-sessions.ts';

/**
 * The header's tools, one control per feature, in toolbar order; the header folds them into a menu on
 * small screens. A kiosk offers nothing to import, save or edit: it is a shared screen nobody looks after.
 */
export function AppTools({ app }: { app: AppSessions }) {
  const { t } = useTranslation();
  const { city, language, kiosk, layerTree, storyEditor, embed, sun } = app;
  return (
    <>
      {city.layers && (
        <LayerTreeToggle
          open={layerTree.open}
          onToggle={() => layerTree.setOpen((open) => !open)}
          language={language}
        />
      )}
      <InViewToggle open={app.inView.open} onToggle={app.inView.toggle} language={language} />
      {city.stories && city.stories.length > 0 && (
        <StoriesMenu stories={city.stories} language={language} onOpen={app.story.openUrl} />
      )}
      <MeasureButton session={app.measure} language={language} />
      <SketchButton session={app.sketch} language={language} />
      <CutButton session={app.cut} language={language} />
      <CompareButton on={app.compare.on} onToggle={app.compare.toggle} language={language} />
      <SunButton open={sun.open} onToggle={() => sun.setOpen(!sun.open)} language={language} />
      {!kiosk.on && (
        <>
          <ImportButton onFiles={app.addFiles} />
          <ExportPicture
            sourceRef={app.pictureSourceRef}
            title={`${t('appTitle')} · ${city.title[language]}`}
            fileBase={city.title[language]}
            language={language}
          />
          <StoryEditorToggle open={storyEditor.open} onToggle={() => storyEditor.setOpen((open) => !open)} />
          <EmbedButton
            open={embed.open}
            onToggle={() => embed.setOpen((open) => !open)}
            language={language}
          />
        </>
      )}
      <UiScaleSelect language={language} kiosk={kiosk.on} />
    </>
  );
}
