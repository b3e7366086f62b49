import { useId, useMemo, useRef, useState } from 'react';
import { IFRAME_SNIPPET_DEFAULTS, formatEmbedQuery, iframeSnippet } from '../../core/embed/params.ts';
import type { CameraView } from '../../core/view/camera-view.ts';
import type { Language } from '../i18n/index.ts';
import { BottomSheet, TOOL_SHEET } from '../panels/BottomSheet.tsx';
import { EMBED_PANEL_TEXTS } from './texts.ts';
import { PanelHeader } from '../panels/PanelHeader.tsx';

/**
 * The iframe snippet for the current view and selection: the embed viewer (embed.html beside the app) with the
 * same `view=`, the selection as `select=` and the scene time as `time=` (when one is shared), with width, height and a title for screen readers, copyable.
 */
export function EmbedPanel({
  cityId,
  view,
  selected,
  time,
  defaultTitle,
  language,
  onClose,
}: {
  cityId: string;
  /** The camera at rest (degrees, ellipsoidal metres); undefined: the city's home view. */
  view: CameraView | undefined;
  /** gml:id of the selected building. */
  selected: string | undefined;
  /** The scene time when one is shared (ISO 8601 with zone): the embed's sun and shadows follow it. */
  time?: string;
  defaultTitle: string;
  language: Language;
  onClose: () => void;
}) {
  const texts = EMBED_PANEL_TEXTS[language];
  const id = useId();
  const [width, setWidth] = useState(IFRAME_SNIPPET_DEFAULTS.width);
  const [height, setHeight] = useState(IFRAME_SNIPPET_DEFAULTS.height);
  const [title, setTitle] = useState(defaultTitle);
  const [copyState, setCopyState] = useState<'copied' | 'failed' | undefined>();
  const codeRef = useRef<HTMLTextAreaElement>(null);
  const src = useMemo(() => {
    const query = formatEmbedQuery({ city: cityId, language, view, select: selected, time });
    return new URL(`embed.html?${query}`, new URL('./', location.href)).href;
  }, [cityId, language, view, selected, time]);
  const snippet = iframeSnippet(src, { width, height, title });

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopyState('copied');
    } catch {
      // No clipboard (permission, an insecure origin): leave the code selected for Ctrl+C.
      codeRef.current?.focus();
      codeRef.current?.select();
      setCopyState('failed');
    }
  };

  const panel = (
    <section
      id="embed-panel"
      className="embed-panel"
      aria-labelledby={`${id}-title`}
      data-testid="embed-panel"
    >
      <PanelHeader titleId={`${id}-title`} title={texts.panel} closeLabel={texts.close} onClose={onClose} />
      <p className="embed-intro">{texts.intro}</p>
      <div className="embed-fields">
        <label>
          {texts.width}
          <input
            type="number"
            inputMode="numeric"
            min={120}
            max={4000}
            value={width}
            onChange={(event) => setWidth(Number(event.target.value) || IFRAME_SNIPPET_DEFAULTS.width)}
            data-testid="embed-width"
          />
        </label>
        <label>
          {texts.height}
          <input
            type="number"
            inputMode="numeric"
            min={120}
            max={4000}
            value={height}
            onChange={(event) => setHeight(Number(event.target.value) || IFRAME_SNIPPET_DEFAULTS.height)}
            data-testid="embed-height"
          />
        </label>
        <label className="embed-title-field">
          {texts.title}
          <input
            type="text"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            data-testid="embed-title"
          />
        </label>
      </div>
      <label className="embed-code">
        {texts.code}
        <textarea
          ref={codeRef}
          readOnly
          rows={5}
          value={snippet}
          data-testid="embed-code"
          spellCheck={false}
        />
      </label>
      <div className="embed-actions">
        <button type="button" className="tool-button" onClick={() => void copy()} data-testid="embed-copy">
          {texts.copy}
        </button>
        <a className="embed-preview" href={src} target="_blank" rel="noopener" data-testid="embed-preview">
          {texts.preview}
        </a>
      </div>
      <p role="status" className="embed-copy-status">
        {copyState === 'copied' ? texts.copied : copyState === 'failed' ? texts.copyFailed : ''}
      </p>
    </section>
  );
  return (
    <BottomSheet
      panelName={texts.panel}
      language={language}
      onClose={onClose}
      options={TOOL_SHEET}
      testId="embed-sheet"
    >
      {panel}
    </BottomSheet>
  );
}
