import { formatScaleLength, northArrowRotation, scaleBar } from '../../core/picture/picture.ts';
import type { CapturedView } from './capture.ts';
import { wrapText } from './wrap-text.ts';

/** What is burned into the picture besides the scene (all plain text, drawn as text). */
export interface PictureOverlay {
  /** Title and date in the top left; left out when undefined (the print page sets them as text). */
  heading?: { title: string; date: string };
  /** Draw the credit line along the bottom (the print page sets it as text instead). */
  attributions: boolean;
  language: 'de' | 'en';
  /** Words of the overlays. */
  texts: { north: string; scaleAtCentre: string };
}

const FONT = 'system-ui, "DejaVu Sans", sans-serif';
const PANEL = 'rgba(255, 255, 255, 0.85)';
const INK = '#1a1a1a';

/** `wrapText` measured in `context`'s current font. */
function wrap(context: CanvasRenderingContext2D, text: string, maxWidth: number, maxLines: number): string[] {
  return wrapText(text, maxWidth, maxLines, (line) => context.measureText(line).width);
}

/** A north arrow in a white disc at (x, y), radius r, turned by the camera heading; an upright "N" at its tip. */
function drawNorthArrow(
  context: CanvasRenderingContext2D,
  x: number,
  y: number,
  r: number,
  headingRadians: number,
  north: string,
): void {
  context.save();
  context.fillStyle = PANEL;
  context.beginPath();
  context.arc(x, y, r, 0, 2 * Math.PI);
  context.fill();
  const rotation = northArrowRotation(headingRadians);
  context.translate(x, y);
  context.rotate(rotation);
  context.fillStyle = INK;
  context.beginPath();
  context.moveTo(0, -0.2 * r);
  context.lineTo(0.22 * r, 0.6 * r);
  context.lineTo(0, 0.45 * r);
  context.lineTo(-0.22 * r, 0.6 * r);
  context.closePath();
  context.fill();
  // The letter stays upright, just beyond the arrow's tip.
  context.rotate(-rotation);
  context.font = `700 ${Math.round(0.36 * r)}px ${FONT}`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText(north, 0.52 * r * Math.sin(rotation), -0.52 * r * Math.cos(rotation));
  context.restore();
}

/**
 * The picture: the captured scene with, burned in, the title and date (top left), a north arrow turned by the
 * camera heading (top right), a scale bar for the centre of the view (bottom left) and the credit line (bottom).
 * Sizes follow the picture's height (1080 rows = 1), so a 4K picture looks like a Full HD one.
 */
export function composePicture(view: CapturedView, overlay: PictureOverlay): HTMLCanvasElement {
  const { width, height } = view.image;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('compose: no 2D canvas');
  context.drawImage(view.image, 0, 0);
  const u = height / 1080;
  const margin = Math.round(24 * u);
  let bottom = height - margin;

  if (overlay.attributions && view.attributions.length > 0) {
    const size = Math.round(18 * u);
    context.font = `${size}px ${FONT}`;
    const lineHeight = Math.round(size * 1.35);
    // Every attribution in full (licences ask for it), in up to a third of the picture's height.
    const maxLines = Math.max(3, Math.floor(height / 3 / lineHeight));
    const lines = wrap(context, view.attributions.join(' • '), width - 4 * margin, maxLines);
    const band = lines.length * lineHeight + Math.round(12 * u);
    context.fillStyle = PANEL;
    context.fillRect(0, height - band, width, band);
    context.fillStyle = INK;
    context.textBaseline = 'top';
    context.textAlign = 'left';
    lines.forEach((line, i) => context.fillText(line, 2 * margin, height - band + 6 * u + i * lineHeight));
    bottom = height - band - margin;
  }

  const bar = view.metresPerPixel === undefined ? undefined : scaleBar(view.metresPerPixel, width / 5);
  if (bar) {
    const size = Math.round(20 * u);
    const label = `${formatScaleLength(bar.metres, overlay.language)} (${overlay.texts.scaleAtCentre})`;
    context.font = `600 ${size}px ${FONT}`;
    const panelWidth = Math.max(bar.pixels, context.measureText(label).width) + 2 * margin;
    const panelHeight = size + Math.round(40 * u);
    const left = margin;
    const top = bottom - panelHeight;
    context.fillStyle = PANEL;
    context.fillRect(left, top, panelWidth, panelHeight);
    context.fillStyle = INK;
    context.textAlign = 'left';
    context.textBaseline = 'top';
    context.fillText(label, left + margin, top + Math.round(6 * u));
    const y = top + panelHeight - Math.round(14 * u);
    const x0 = left + margin;
    context.lineWidth = Math.max(2, Math.round(4 * u));
    context.strokeStyle = INK;
    context.beginPath();
    context.moveTo(x0, y - 10 * u);
    context.lineTo(x0, y);
    context.lineTo(x0 + bar.pixels, y);
    context.lineTo(x0 + bar.pixels, y - 10 * u);
    context.stroke();
  }

  const radius = Math.round(44 * u);
  drawNorthArrow(
    context,
    width - margin - radius,
    margin + radius,
    radius,
    view.headingRadians,
    overlay.texts.north,
  );

  if (overlay.heading) {
    const titleSize = Math.round(34 * u);
    const dateSize = Math.round(22 * u);
    context.font = `700 ${titleSize}px ${FONT}`;
    const maxWidth = width - 4 * margin - 2 * radius;
    const title = wrap(context, overlay.heading.title, maxWidth, 2);
    const titleWidth = Math.max(...title.map((line) => context.measureText(line).width));
    context.font = `${dateSize}px ${FONT}`;
    const dateWidth = context.measureText(overlay.heading.date).width;
    const panelWidth = Math.min(maxWidth, Math.max(titleWidth, dateWidth)) + 2 * margin;
    const titleLine = Math.round(titleSize * 1.25);
    const panelHeight = title.length * titleLine + Math.round(dateSize * 1.4) + margin;
    context.fillStyle = PANEL;
    context.fillRect(margin, margin, panelWidth, panelHeight);
    context.fillStyle = INK;
    context.textAlign = 'left';
    context.textBaseline = 'top';
    context.font = `700 ${titleSize}px ${FONT}`;
    title.forEach((line, i) => context.fillText(line, 2 * margin, margin + margin / 2 + i * titleLine));
    context.font = `${dateSize}px ${FONT}`;
    context.fillText(overlay.heading.date, 2 * margin, margin + margin / 2 + title.length * titleLine);
  }
  return canvas;
}

/** The canvas as PNG bytes. */
export function pngBytes(canvas: HTMLCanvasElement): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob) resolve(blob.arrayBuffer());
      else reject(new Error('compose: the browser could not encode the PNG (too large?)'));
    }, 'image/png');
  });
}

/** Frees a canvas's pixels now rather than at garbage collection (a 4K picture holds 33 MB). */
export function releaseCanvas(canvas: HTMLCanvasElement): void {
  canvas.width = 0;
  canvas.height = 0;
}
