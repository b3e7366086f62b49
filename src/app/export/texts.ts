/** UI texts of the picture export (kept here, beside its components; German first). */
const DE = {
  button: 'Bild exportieren',
  buttonTitle: 'Die aktuelle Ansicht als Bild speichern oder drucken',
  dialogTitle: 'Bild exportieren',
  size: 'Größe',
  sizeFullHd: '1920 × 1080 Pixel (Full HD)',
  sizeUhd: '3840 × 2160 Pixel (4K)',
  sizeWindow: 'Aktuelles Fenster ({width} × {height} Pixel)',
  format: 'Format: PNG',
  contents: 'Im Bild: Titel, Datum, Nordpfeil, Maßstab in Bildmitte und die Quellenangaben.',
  save: 'PNG speichern',
  print: 'Druckansicht A4 quer',
  close: 'Schließen',
  busy: 'Bild wird gezeichnet … (bis alle Kacheln geladen sind, höchstens etwa 20 Sekunden)',
  saved: 'Gespeichert: {name}',
  printing: 'Druckansicht geöffnet.',
  tooLarge:
    'Diese Größe kann dieser Browser nicht zeichnen (höchstens {max} Pixel je Seite und zweimal 4K insgesamt). Bitte eine kleinere Größe wählen.',
  failed: 'Das Bild konnte nicht erstellt werden: {message}',
  north: 'N',
  scaleAtCentre: 'Maßstab in Bildmitte',
  printImage: 'Ansicht des Stadtmodells vom {date}',
  printSources: 'Quellen',
};

/** The texts of one language (TypeScript checks that English has every German key). */
export type ExportTexts = Record<keyof typeof DE, string>;

const EN: ExportTexts = {
  button: 'Export picture',
  buttonTitle: 'Save or print the current view as a picture',
  dialogTitle: 'Export picture',
  size: 'Size',
  sizeFullHd: '1920 × 1080 pixels (Full HD)',
  sizeUhd: '3840 × 2160 pixels (4K)',
  sizeWindow: 'Current window ({width} × {height} pixels)',
  format: 'Format: PNG',
  contents: 'In the picture: title, date, north arrow, scale at the centre and the attributions.',
  save: 'Save PNG',
  print: 'A4 landscape print',
  close: 'Close',
  busy: 'Drawing the picture … (until all tiles have loaded, about 20 seconds at most)',
  saved: 'Saved: {name}',
  printing: 'Print view opened.',
  tooLarge:
    'This browser cannot draw this size (at most {max} pixels per side and twice 4K in all). Please choose a smaller size.',
  failed: 'The picture could not be made: {message}',
  north: 'N',
  scaleAtCentre: 'scale at the centre',
  printImage: 'View of the city model on {date}',
  printSources: 'Sources',
};

export const EXPORT_TEXTS: Record<'de' | 'en', ExportTexts> = { de: DE, en: EN };

/** `template` with each `{name}` replaced by `values[name]` (plain text). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}
