import { createPortal } from 'react-dom';
import type { ExportTexts } from './texts.ts';
import { fill } from './texts.ts';

/** What the print page shows: the picture (an object URL) and its texts. */
export interface PrintJob {
  imageUrl: string;
  title: string;
  date: string;
  attributions: string[];
}

/**
 * The print-only page (A4 landscape, see styles.css): title, date, the picture and its sources as text. A child
 * of <body>, hidden on screen; while it exists, printing shows only it. Calls `onReady` once the picture has
 * loaded (then the page can be printed).
 */
export function PrintSheet({
  job,
  texts,
  onReady,
}: {
  job: PrintJob;
  texts: ExportTexts;
  onReady: () => void;
}) {
  return createPortal(
    <div className="print-sheet" data-testid="print-sheet">
      <h1>{job.title}</h1>
      <p className="print-date">{job.date}</p>
      <img src={job.imageUrl} alt={fill(texts.printImage, { date: job.date })} onLoad={onReady} />
      <p className="print-sources">
        {texts.printSources}: {job.attributions.join(' • ')}
      </p>
    </div>,
    document.body,
  );
}
