import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Story, StoryScene } from '../../core/story/types.ts';
import type { StoryProblem } from '../../core/story/validate.ts';
import { PresenterOpenButton } from '../presenter/PresenterOpenButton.tsx';
import { useAudienceLink } from '../presenter/use-presentation-link.ts';
import { useSceneTarget } from '../state/use-scene-target.ts';
import { loadStoryFromFile } from '../story/load-story.ts';
import { formatStoryLoadError, formatStoryProblem } from '../story/problem-text.ts';
import type { Translate } from '../story/problem-text.ts';
import { capturePatch, storyFileName } from './editing.ts';
import type { StoryEdit } from './editing.ts';
import { SceneItem } from './SceneItem.tsx';
import type { SceneItemActions } from './SceneItem.tsx';
import { downloadStory, storyProblems } from './story-file.ts';
import { useStoryDraft } from './use-story-draft.ts';
import { BottomSheet } from '../panels/BottomSheet.tsx';
import { PanelHeader } from '../panels/PanelHeader.tsx';

type Language = 'de' | 'en';

/** A notice above the scene list, with an undo where the change can be taken back. */
interface Notice {
  text: string;
  kind: 'info' | 'error';
  /** The story before a deletion or a replacement. */
  undo?: Story;
}

/** The presentation id of the editor's draft: stays the same while it is edited. */
const DRAFT_STORY_ID = 'story-editor-draft';

/** At most this many problems are listed in a notice; the count says how many there were. */
const LISTED_PROBLEMS = 3;

/**
 * The story editor (a side panel; a bottom sheet on phones, `BottomSheet`): story title, scenes captured from
 * the current view, their texts and dwell times, moving (buttons, Alt+↑/↓, dragging), deleting with undo,
 * preview, and saving and opening JSON files. The story is kept as a draft in the browser (see `useStoryDraft`).
 * While the editor is open it is the audience side of a presenter window: a previewed scene is shown there, and
 * the presenter's next/previous previews the scene here. Escape closes it.
 */
export function StoryEditor({
  onClose,
  onPlayFrom,
}: {
  onClose: () => void;
  /** Plays `story` from scene `index` in the story player, where the app has one. */
  onPlayFrom?: (story: Story, index: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.language === 'en' ? 'en' : 'de';
  const headingId = useId();
  const target = useSceneTarget();
  const draft = useStoryDraft();
  const { story, edit } = draft;
  const [notice, setNotice] = useState<Notice | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<number | undefined>();
  const [previewIndex, setPreviewIndex] = useState<number | undefined>();
  const items = useRef<(HTMLLIElement | null)[]>([]);
  const pendingFocus = useRef<{ index: number; role?: string } | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);

  const restoredNote = draft.restored
    ? t('editorDraftRestored', {
        time: new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' }).format(
          draft.restored.savedAt,
        ),
      })
    : undefined;

  // Focus follows a moved scene: the same control in its new row, or the row itself.
  useEffect(() => {
    const focus = pendingFocus.current;
    if (!focus) return;
    pendingFocus.current = undefined;
    const row = items.current[focus.index];
    const control = focus.role
      ? row?.querySelector<HTMLElement>(`[data-role="${focus.role}"]:not(:disabled)`)
      : undefined;
    (control ?? row)?.focus();
  }, [story]);

  const apply = useCallback(
    (scene: StoryScene | undefined, index: number) => {
      if (!scene) return;
      setPreviewIndex(index);
      void target.applyScene(scene, { flightSeconds: 1.5 });
    },
    [target],
  );

  // The presenter window follows the previewed scene and can ask for another one.
  useAudienceLink(
    previewIndex === undefined ? undefined : story,
    { index: previewIndex },
    { go: (index) => apply(story.scenes[index], index) },
    DRAFT_STORY_ID,
  );

  const change = useCallback((e: StoryEdit) => edit(e), [edit]);

  const actions: SceneItemActions = {
    change: (index, patch) => change({ type: 'update', index, patch }),
    move: (from, to) => {
      const scene = story.scenes[from];
      if (!scene || to < 0 || to >= story.scenes.length) return;
      const active = document.activeElement;
      const role = active instanceof HTMLElement ? active.dataset.role : undefined;
      pendingFocus.current = { index: to, role };
      change({ type: 'move', from, to });
      if (previewIndex === from) setPreviewIndex(to);
      setAnnouncement(t('editorMoved', { title: scene.title, number: to + 1, count: story.scenes.length }));
    },
    remove: (index) => {
      const scene = story.scenes[index];
      if (!scene) return;
      change({ type: 'delete', index });
      setPreviewIndex(undefined);
      const text = t('editorDeleted', { title: scene.title });
      setNotice({ text, kind: 'info', undo: story });
      setAnnouncement(text);
      // The row is gone: focus its successor, or its predecessor, or the add button.
      pendingFocus.current = { index: Math.min(index, story.scenes.length - 2) };
    },
    preview: (index) => apply(story.scenes[index], index),
    updateView: (index) => {
      const state = target.currentScene();
      const scene = story.scenes[index];
      if (!state || !scene) {
        setNotice({ text: t('editorNoViewer'), kind: 'error' });
        return;
      }
      change({ type: 'update', index, patch: capturePatch(state) });
      setAnnouncement(t('editorUpdated', { title: scene.title }));
    },
    playFrom: onPlayFrom ? (index) => onPlayFrom(story, index) : undefined,
  };

  const addScene = () => {
    const state = target.currentScene();
    if (!state) {
      setNotice({ text: t('editorNoViewer'), kind: 'error' });
      return;
    }
    const title = `${t('editorSceneDefault')} ${story.scenes.length + 1}`;
    const scene = JSON.parse(JSON.stringify({ title, ...capturePatch(state) })) as StoryScene;
    change({ type: 'add', scene });
    setAnnouncement(t('editorAdded', { title }));
  };

  const translate: Translate = (key, values) => t(key, values);
  const problemsText = (problems: StoryProblem[]) => {
    const listed = problems.slice(0, LISTED_PROBLEMS).map((p) => formatStoryProblem(p, translate, language));
    const more = problems.length > LISTED_PROBLEMS ? ` (+${problems.length - LISTED_PROBLEMS})` : '';
    return `${listed.join(' ')}${more}`;
  };

  const save = () => {
    const name = storyFileName(story.title);
    const problems = storyProblems(story, name);
    if (problems.length > 0) {
      setNotice({ text: t('editorSaveProblems', { problems: problemsText(problems) }), kind: 'error' });
      return;
    }
    downloadStory(story, name);
    setNotice({ text: t('editorSaved', { name }), kind: 'info' });
  };

  const openFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const opened = await loadStoryFromFile(file);
    if (!opened.story) {
      const why = opened.error
        ? formatStoryLoadError(opened.error, translate)
        : problemsText(opened.problems);
      setNotice({ text: t('editorOpenFailed', { name: file.name, problems: why }), kind: 'error' });
      return;
    }
    const before = story;
    change({ type: 'replace', story: opened.story });
    setPreviewIndex(undefined);
    const skipped = opened.sceneCount - opened.story.scenes.length;
    setNotice(
      skipped > 0
        ? {
            text: t('editorOpenPartial', {
              name: file.name,
              skipped,
              count: opened.sceneCount,
              problems: problemsText(opened.problems),
            }),
            kind: 'error',
            undo: before,
          }
        : {
            text: t('editorOpened', { name: file.name, count: opened.story.scenes.length }),
            kind: 'info',
            undo: before,
          },
    );
  };

  const undo = (previous: Story) => {
    change({ type: 'replace', story: previous });
    setNotice(undefined);
    setAnnouncement(t('editorUndone'));
  };

  const problemText = {
    unavailable: t('editorDraftUnavailable'),
    quota: t('editorDraftQuota'),
    failed: t('editorDraftFailed'),
    unreadable: t('editorDraftUnreadable'),
  };

  // The sheet moves the focus to the heading on opening, closes on Escape and hands the focus back to the
  // toolbar button that opened the editor (or the menu it is folded into).
  const panel = (
    <section
      id="story-editor"
      className="story-editor"
      aria-labelledby={headingId}
      data-testid="story-editor"
    >
      <PanelHeader titleId={headingId} title={t('editorHeading')} closeLabel={t('close')} onClose={onClose} />
      {restoredNote && (
        <p className="story-note" data-testid="story-draft-restored">
          {restoredNote}
        </p>
      )}
      {draft.problem && (
        <p className="story-note error" role="alert" data-testid="story-draft-problem">
          {problemText[draft.problem]}
        </p>
      )}
      <div className="story-field">
        <label htmlFor={`${headingId}-title`}>{t('editorStoryTitle')}</label>
        <input
          id={`${headingId}-title`}
          type="text"
          value={story.title}
          placeholder={t('editorUntitled')}
          data-testid="story-title"
          onChange={(event) => change({ type: 'rename', title: event.target.value })}
        />
      </div>
      <div className="story-toolbar">
        <button type="button" className="tool-button" onClick={addScene} data-testid="story-add-scene">
          {t('editorAddScene')}
        </button>
        <button type="button" className="tool-button secondary" onClick={save} data-testid="story-save">
          {t('editorSave')}
        </button>
        <input
          ref={fileInput}
          id={`${headingId}-file`}
          className="visually-hidden story-file-input"
          type="file"
          accept=".json,application/json"
          data-testid="story-open-input"
          onChange={(event) => void openFile(event)}
        />
        <label htmlFor={`${headingId}-file`} className="tool-button secondary story-file-label">
          {t('editorOpenFile')}
        </label>
        <PresenterOpenButton />
      </div>
      {notice && (
        <p className={`story-note ${notice.kind}`} data-testid="story-notice">
          {notice.text}{' '}
          {notice.undo && (
            <button
              type="button"
              className="tool-button secondary"
              onClick={() => notice.undo && undo(notice.undo)}
              data-testid="story-undo"
            >
              {t('editorUndo')}
            </button>
          )}
        </p>
      )}
      <h3>{t('editorScenes')}</h3>
      <p className="story-hint">{t('editorMoveHint')}</p>
      {story.scenes.length === 0 ? (
        <p className="story-hint">{t('editorNoScenes')}</p>
      ) : (
        <ol className="story-scenes" data-testid="story-scenes">
          {story.scenes.map((scene, index) => (
            <SceneItem
              // Scenes carry no ids; rows are positions, and focus is moved explicitly after a move.
              key={index}
              scene={scene}
              index={index}
              count={story.scenes.length}
              actions={actions}
              itemRef={(element) => {
                items.current[index] = element;
              }}
              dragging={dragging}
              onDragStart={setDragging}
            />
          ))}
        </ol>
      )}
      <p className="visually-hidden" role="status" aria-live="polite" data-testid="story-announcement">
        {announcement}
      </p>
    </section>
  );
  return (
    <BottomSheet
      panelName={t('editorHeading')}
      language={language}
      onClose={onClose}
      testId="story-editor-sheet"
    >
      {panel}
    </BottomSheet>
  );
}
