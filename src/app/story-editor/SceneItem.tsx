import { useEffect, useId, useState } from 'react';
import type { DragEvent, KeyboardEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryScene } from '../../core/story/types.ts';
import { parseDwellSeconds } from './editing.ts';

/** What a scene row can ask of the editor. */
export interface SceneItemActions {
  change(index: number, patch: Partial<StoryScene>): void;
  /** Moves the scene at `from` to `to`; focus follows it (the same control, by its `data-role`). */
  move(from: number, to: number): void;
  remove(index: number): void;
  preview(index: number): void;
  updateView(index: number): void;
  /** Undefined where no story player exists in the app. */
  playFrom?: (index: number) => void;
}

/** Drag data type of a scene being dragged within the list (its index as text). */
const SCENE_DRAG_TYPE = 'application/x-stadtmodell-scene';

/** Seconds as a person types them (decimal comma in German). */
function formatSeconds(seconds: number | undefined, language: string): string {
  if (seconds === undefined) return '';
  return language === 'de' ? String(seconds).replace('.', ',') : String(seconds);
}

/** The dwell time field: keeps what is typed while it is not (yet) a valid number and says why. */
function DwellField({
  value,
  onChange,
}: {
  value: number | undefined;
  onChange: (seconds: number | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => formatSeconds(value, i18n.language));
  // Another scene moved into this row, or an undo: show its value unless the typed text already means it.
  useEffect(() => {
    setText((typed) => (parseDwellSeconds(typed) === value ? typed : formatSeconds(value, i18n.language)));
  }, [value, i18n.language]);
  const parsed = parseDwellSeconds(text);
  return (
    <div className="story-field">
      <label htmlFor={id}>{t('editorDwell')}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        data-role="dwell"
        value={text}
        aria-invalid={parsed === null}
        aria-describedby={parsed === null ? `${id}-error` : undefined}
        onChange={(event) => {
          setText(event.target.value);
          const seconds = parseDwellSeconds(event.target.value);
          if (seconds !== null) onChange(seconds);
        }}
      />
      {parsed === null && (
        <p id={`${id}-error`} className="story-field-error">
          {t('editorDwellInvalid')}
        </p>
      )}
    </div>
  );
}

/**
 * One scene of the story being edited: its texts and dwell time, moving (buttons, Alt+↑/↓, dragging the
 * row), deleting, previewing, updating with the current view. Texts are plain React text, never HTML.
 */
export function SceneItem({
  scene,
  index,
  count,
  actions,
  itemRef,
  dragging,
  onDragStart,
}: {
  scene: StoryScene;
  index: number;
  count: number;
  actions: SceneItemActions;
  itemRef: Ref<HTMLLIElement>;
  /** Index of the scene being dragged, if any (for its look only: the drag itself carries the index). */
  dragging: number | undefined;
  onDragStart: (index: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    const to = event.key === 'ArrowUp' ? index - 1 : index + 1;
    if (to >= 0 && to < count) actions.move(index, to);
  };
  // Only scene drags are taken (not files or text); the dragged scene's index travels in the drag data.
  const isSceneDrag = (event: DragEvent) => event.dataTransfer.types.includes(SCENE_DRAG_TYPE);
  const dropTarget = {
    onDragOver: (event: DragEvent) => {
      if (!isSceneDrag(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
    },
    onDrop: (event: DragEvent) => {
      if (!isSceneDrag(event)) return;
      event.preventDefault();
      const from = Number(event.dataTransfer.getData(SCENE_DRAG_TYPE));
      onDragStart(undefined);
      if (Number.isInteger(from) && from !== index) actions.move(from, index);
    },
  };
  const label = t('editorSceneLabel', { number: index + 1, count, title: scene.title });
  return (
    <li
      ref={itemRef}
      className={dragging === index ? 'story-scene dragging' : 'story-scene'}
      tabIndex={-1}
      aria-label={label}
      data-scene-index={index}
      onKeyDown={onKeyDown}
      {...dropTarget}
    >
      <div className="story-scene-head">
        <span
          className="story-drag-handle"
          aria-hidden="true"
          draggable
          onDragStart={(event) => {
            event.dataTransfer.effectAllowed = 'move';
            event.dataTransfer.setData(SCENE_DRAG_TYPE, String(index));
            onDragStart(index);
          }}
          onDragEnd={() => onDragStart(undefined)}
        >
          ⠿
        </span>
        <span className="story-scene-number" aria-hidden="true">
          {index + 1}
        </span>
        <button
          type="button"
          className="icon-button small"
          aria-label={`${t('editorMoveUp')}: ${scene.title}`}
          title={t('editorMoveUp')}
          aria-keyshortcuts="Alt+ArrowUp"
          disabled={index === 0}
          onClick={() => actions.move(index, index - 1)}
          data-role="up"
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button small"
          aria-label={`${t('editorMoveDown')}: ${scene.title}`}
          title={t('editorMoveDown')}
          aria-keyshortcuts="Alt+ArrowDown"
          disabled={index === count - 1}
          onClick={() => actions.move(index, index + 1)}
          data-role="down"
        >
          ↓
        </button>
        <button
          type="button"
          className="tool-button secondary story-delete"
          aria-label={`${t('editorDelete')}: ${scene.title}`}
          onClick={() => actions.remove(index)}
          data-role="delete"
        >
          {t('editorDelete')}
        </button>
      </div>
      <div className="story-field">
        <label htmlFor={`${id}-title`}>{t('editorSceneTitle')}</label>
        <input
          id={`${id}-title`}
          type="text"
          value={scene.title}
          data-role="title"
          onChange={(event) => actions.change(index, { title: event.target.value })}
        />
      </div>
      <div className="story-field">
        <label htmlFor={`${id}-caption`}>{t('editorCaption')}</label>
        <textarea
          id={`${id}-caption`}
          rows={3}
          value={scene.caption ?? ''}
          data-role="caption"
          onChange={(event) => actions.change(index, { caption: event.target.value || undefined })}
        />
      </div>
      <div className="story-field">
        <label htmlFor={`${id}-notes`}>{t('editorNotes')}</label>
        <textarea
          id={`${id}-notes`}
          rows={3}
          value={scene.notes ?? ''}
          data-role="notes"
          onChange={(event) => actions.change(index, { notes: event.target.value || undefined })}
        />
      </div>
      <DwellField
        value={scene.dwellSeconds}
        onChange={(seconds) => actions.change(index, { dwellSeconds: seconds })}
      />
      <div className="story-scene-actions">
        <button
          type="button"
          className="tool-button secondary"
          data-role="preview"
          onClick={() => actions.preview(index)}
        >
          {t('editorPreview')}
        </button>
        <button
          type="button"
          className="tool-button secondary"
          data-role="update"
          onClick={() => actions.updateView(index)}
        >
          {t('editorUpdateView')}
        </button>
        {actions.playFrom && (
          <button
            type="button"
            className="tool-button secondary"
            data-role="play"
            onClick={() => actions.playFrom?.(index)}
          >
            {t('editorPlayFrom')}
          </button>
        )}
      </div>
    </li>
  );
}
