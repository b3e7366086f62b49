import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { PICTURE_SIZES, pictureFileName } from '../../core/picture/picture.ts';
import type { PictureSize } from '../../core/picture/picture.ts';
import { errorMessage } from '../../core/errors.ts';
import { focusOpener } from '../header/focus-opener.ts';
import { WithEnglishPart } from '../i18n/EnglishPart.tsx';
import { downloadBytes } from '../import/download.ts';
import { PictureTooLargeError } from './capture.ts';
import { composePicture, pngBytes, releaseCanvas } from './compose.ts';
import type { PictureSourceRef } from './PictureSource.tsx';
import { PrintSheet } from './PrintSheet.tsx';
import type { PrintJob } from './PrintSheet.tsx';
import { EXPORT_TEXTS, fill } from './texts.ts';
import type { ExportTexts } from './texts.ts';
import { PanelHeader } from '../panels/PanelHeader.tsx';

type Language = 'de' | 'en';
type SizeChoice = 'full-hd' | 'uhd' | 'window';
type Status =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; message: string }
  | { kind: 'error'; error: unknown };

/** Size of the picture on the A4 landscape page (16:9 under the title, about 165 dpi across the sheet). */
const PRINT_SIZE: PictureSize = { width: 1920, height: 1080 };

const LOCALES: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

function ProblemText({ error, texts, language }: { error: unknown; texts: ExportTexts; language: Language }) {
  if (error instanceof PictureTooLargeError) return <>{fill(texts.tooLarge, { max: error.maxSide })}</>;
  return (
    <WithEnglishPart
      language={language}
      english={errorMessage(error)}
      sentence={(message) => fill(texts.failed, { message })}
    />
  );
}

/**
 * "Bild exportieren": a toolbar button opening a dialog to save the current view as a PNG (1920 × 1080,
 * 3840 × 2160 or the window's size) with title, date, north arrow, scale and attributions burned in, or to
 * print it on an A4 landscape page. The view is drawn by `PictureSource` inside the viewer.
 */
export function ExportPicture({
  sourceRef,
  title,
  fileBase,
  language,
}: {
  sourceRef: PictureSourceRef;
  /** Title on the picture and the print page (plain text). */
  title: string;
  /** Start of the file name (e.g. the city's name). */
  fileBase: string;
  language: Language;
}) {
  const texts = EXPORT_TEXTS[language];
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [choice, setChoice] = useState<SizeChoice>('full-hd');
  const [windowSize, setWindowSize] = useState<PictureSize | undefined>();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [printJob, setPrintJob] = useState<PrintJob | undefined>();
  const busy = status.kind === 'busy';

  const open = () => {
    setWindowSize(sourceRef.current?.windowSize());
    setStatus({ kind: 'idle' });
    dialogRef.current?.showModal();
  };
  const close = () => dialogRef.current?.close();

  const size = (): PictureSize | undefined => {
    if (choice === 'window') return windowSize;
    return choice === 'uhd' ? PICTURE_SIZES[1] : PICTURE_SIZES[0];
  };

  /** Captures at `pictureSize` and composes; the caller frees the returned canvas. */
  const picture = async (pictureSize: PictureSize, forPrint: boolean, date: string) => {
    const source = sourceRef.current;
    if (!source) throw new Error('the map is not ready');
    const view = await source.capture(pictureSize);
    try {
      const canvas = composePicture(view, {
        heading: forPrint ? undefined : { title, date },
        attributions: !forPrint,
        language,
        texts: { north: texts.north, scaleAtCentre: texts.scaleAtCentre },
      });
      return { canvas, attributions: view.attributions };
    } finally {
      releaseCanvas(view.image);
    }
  };

  const save = async () => {
    const pictureSize = size();
    if (!pictureSize || busy) return;
    setStatus({ kind: 'busy' });
    const now = new Date();
    const date = new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeStyle: 'short' }).format(
      now,
    );
    try {
      const { canvas } = await picture(pictureSize, false, date);
      try {
        const name = pictureFileName(fileBase, now, pictureSize);
        downloadBytes(await pngBytes(canvas), name, 'image/png');
        setStatus({ kind: 'done', message: fill(texts.saved, { name }) });
      } finally {
        releaseCanvas(canvas);
      }
    } catch (error) {
      setStatus({ kind: 'error', error });
    }
  };

  const print = async () => {
    if (busy) return;
    setStatus({ kind: 'busy' });
    const date = new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long' }).format(new Date());
    try {
      const { canvas, attributions } = await picture(PRINT_SIZE, true, date);
      try {
        const bytes = await pngBytes(canvas);
        const imageUrl = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
        setPrintJob({ imageUrl, title, date, attributions });
        setStatus({ kind: 'done', message: texts.printing });
      } finally {
        releaseCanvas(canvas);
      }
    } catch (error) {
      setStatus({ kind: 'error', error });
    }
  };

  // The print page lives until the print dialog closes (or the next print replaces it).
  useEffect(() => {
    if (!printJob) return;
    const done = () => setPrintJob((current) => (current === printJob ? undefined : current));
    window.addEventListener('afterprint', done);
    return () => {
      window.removeEventListener('afterprint', done);
      URL.revokeObjectURL(printJob.imageUrl);
    };
  }, [printJob]);
  const onPrintReady = useCallback(() => {
    dialogRef.current?.close();
    window.print();
  }, []);

  return (
    <>
      <button
        type="button"
        className="tool-button export-button"
        aria-haspopup="dialog"
        title={texts.buttonTitle}
        onClick={open}
        data-testid="export-picture"
      >
        <span aria-hidden="true">▣</span> <span className="tool-label">{texts.button}</span>
      </button>
      <dialog
        ref={dialogRef}
        className="export-dialog"
        aria-labelledby={`${id}-title`}
        onClose={() => focusOpener('[data-testid="export-picture"]')}
        data-testid="export-dialog"
      >
        <PanelHeader
          titleId={`${id}-title`}
          title={texts.dialogTitle}
          closeLabel={texts.close}
          onClose={close}
        />
        <fieldset className="export-sizes" disabled={busy}>
          <legend>{texts.size}</legend>
          {(
            [
              ['full-hd', texts.sizeFullHd],
              ['uhd', texts.sizeUhd],
              [
                'window',
                fill(texts.sizeWindow, {
                  width: windowSize?.width ?? '–',
                  height: windowSize?.height ?? '–',
                }),
              ],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="export-size">
              <input
                type="radio"
                name={`${id}-size`}
                value={value}
                checked={choice === value}
                onChange={() => setChoice(value)}
                data-testid={`export-size-${value}`}
              />
              <span>{label}</span>
            </label>
          ))}
        </fieldset>
        <p>{texts.format}</p>
        <p className="export-note">{texts.contents}</p>
        <div className="export-actions">
          <button
            type="button"
            className="tool-button"
            onClick={() => void save()}
            disabled={busy}
            data-testid="export-save"
          >
            {texts.save}
          </button>
          <button
            type="button"
            className="tool-button secondary"
            onClick={() => void print()}
            disabled={busy}
            data-testid="export-print"
          >
            {texts.print}
          </button>
        </div>
        <div role="status" aria-live="polite" className="export-status" data-testid="export-status">
          {status.kind === 'busy' && <p>{texts.busy}</p>}
          {status.kind === 'done' && <p>{status.message}</p>}
          {status.kind === 'error' && (
            <p className="error" data-testid="export-error">
              <ProblemText error={status.error} texts={texts} language={language} />
            </p>
          )}
        </div>
      </dialog>
      {printJob && <PrintSheet job={printJob} texts={texts} onReady={onPrintReady} />}
    </>
  );
}
