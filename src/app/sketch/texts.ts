/** Texts of the sketch tool (kept beside its components; German first), and sketch file problems in words. */
import type { SketchExpectation, SketchProblem } from '../../core/sketch/geojson.ts';
import type { SketchColour, SketchKind, SketchWidth } from '../../core/sketch/model.ts';
import type { Language } from '../i18n/index.ts';

/** A tool of the panel: a kind to draw, or the eraser. */
export type SketchTool = SketchKind | 'eraser';

export const SKETCH_TEXTS = {
  de: {
    sketch: 'Skizze',
    sketchTitle: 'Auf das Stadtmodell zeichnen: Linien, Pfeile, Flächen und Notizen',
    panel: 'Skizze',
    close: 'Skizze schließen',
    tools: 'Werkzeug',
    freehand: 'Stift',
    line: 'Linie',
    arrow: 'Pfeil',
    polygon: 'Fläche',
    text: 'Notiz',
    eraser: 'Radierer',
    colours: 'Farbe',
    red: 'Rot',
    orange: 'Orange',
    magenta: 'Magenta',
    blue: 'Blau',
    green: 'Grün',
    widths: 'Strichstärke',
    thin: 'Dünn',
    medium: 'Mittel',
    thick: 'Dick',
    noteText: 'Text der Notiz',
    fingerDraws: 'Auch mit dem Finger zeichnen (sonst bewegt der Finger die Karte)',
    hintNone: 'Ein Werkzeug wählen – oder einfach mit dem Stift auf die Karte zeichnen.',
    hintFreehand:
      'Mit Stift oder Maus auf die Karte zeichnen; ein Finger bewegt weiter die Karte. Tastatur: Eingabetaste setzt am Fadenkreuz Punkte, Escape bricht ab.',
    hintLine: 'Anfang und Ende antippen oder anklicken (Tastatur: Eingabetaste am Fadenkreuz).',
    hintArrow: 'Anfang und Spitze antippen oder anklicken (Tastatur: Eingabetaste am Fadenkreuz).',
    hintPolygon:
      'Ecken antippen oder anklicken, dann „Fertig“ oder den letzten Punkt noch einmal (Tastatur: Eingabetaste am Fadenkreuz).',
    hintText:
      'Text eingeben, dann die Stelle antippen oder anklicken (Tastatur: Eingabetaste am Fadenkreuz).',
    hintEraser:
      'Eine Skizze antippen oder anklicken, um sie zu entfernen, oder unten in der Liste entfernen.',
    finish: 'Fertig',
    cancel: 'Abbrechen',
    undo: 'Rückgängig',
    redo: 'Wiederholen',
    clear: 'Alle löschen',
    clearConfirm: 'Alle {count} Skizzen löschen?',
    clearConfirmOne: 'Die Skizze löschen?',
    clearYes: 'Ja, alle löschen',
    clearNo: 'Nein, behalten',
    list: 'Skizzen ({count})',
    remove: 'Entfernen',
    export: 'Als GeoJSON exportieren',
    import: 'GeoJSON importieren',
    crosshair: 'Fadenkreuz: Eingabetaste setzt hier einen Punkt',
    points: '{count} Punkte gesetzt',
    pointsOne: '1 Punkt gesetzt',
    sketchesMany: '{count} Skizzen',
    sketchesOne: '1 Skizze',
    added: '{kind} hinzugefügt ({sketches}).',
    erased: '{kind} entfernt ({sketches}).',
    undone: 'Rückgängig gemacht ({sketches}).',
    redone: 'Wiederhergestellt ({sketches}).',
    cleared: 'Alle Skizzen gelöscht.',
    cancelled: 'Abgebrochen.',
    imported: '{sketches} aus „{file}“ übernommen.',
    noSurface: 'Dort ist keine Oberfläche zum Zeichnen.',
    needText: 'Bitte zuerst den Text der Notiz eingeben.',
    nothingThere: 'Dort ist keine Skizze.',
    layer: 'Skizzen',
    problemsTitle: 'Nicht alles aus „{file}“ wurde übernommen:',
    problemWhole: 'Die Datei: erwartet {expected}, gefunden {found}.',
    problemFeature: 'Skizze {number}, Feld „{field}“: erwartet {expected}, gefunden {found}.',
    missing: 'nichts',
    expectJson: 'lesbares JSON',
    expectCollection: 'eine GeoJSON-FeatureCollection mit „features“',
    expectObject: 'ein Objekt {…}',
    expectOneOf: 'eines von {values}',
    expectText: 'einen nicht leeren Text mit höchstens {max} Zeichen',
    expectGeometry: 'eine Geometrie vom Typ {type}',
    expectPosition: '[Länge, Breite, Höhe] in Grad und Metern',
    expectPoints: '{min} bis {max} Punkte',
    dismiss: 'Hinweis schließen',
  },
  en: {
    sketch: 'Sketch',
    sketchTitle: 'Draw on the city model: lines, arrows, areas and notes',
    panel: 'Sketch',
    close: 'Close sketch',
    tools: 'Tool',
    freehand: 'Pen',
    line: 'Line',
    arrow: 'Arrow',
    polygon: 'Area',
    text: 'Note',
    eraser: 'Eraser',
    colours: 'Colour',
    red: 'Red',
    orange: 'Orange',
    magenta: 'Magenta',
    blue: 'Blue',
    green: 'Green',
    widths: 'Width',
    thin: 'Thin',
    medium: 'Medium',
    thick: 'Thick',
    noteText: 'Note text',
    fingerDraws: 'Draw with a finger too (otherwise a finger moves the map)',
    hintNone: 'Choose a tool – or simply draw on the map with a pen.',
    hintFreehand:
      'Draw on the map with a pen or the mouse; a finger still moves the map. Keyboard: Enter places points at the crosshair, Escape cancels.',
    hintLine: 'Tap or click the start and the end (keyboard: Enter at the crosshair).',
    hintArrow: 'Tap or click the start and the tip (keyboard: Enter at the crosshair).',
    hintPolygon:
      'Tap or click the corners, then “Finish” or the last point again (keyboard: Enter at the crosshair).',
    hintText: 'Type the text, then tap or click the place (keyboard: Enter at the crosshair).',
    hintEraser: 'Tap or click a sketch to remove it, or remove it from the list below.',
    finish: 'Finish',
    cancel: 'Cancel',
    undo: 'Undo',
    redo: 'Redo',
    clear: 'Clear all',
    clearConfirm: 'Clear all {count} sketches?',
    clearConfirmOne: 'Clear the sketch?',
    clearYes: 'Yes, clear all',
    clearNo: 'No, keep them',
    list: 'Sketches ({count})',
    remove: 'Remove',
    export: 'Export as GeoJSON',
    import: 'Import GeoJSON',
    crosshair: 'Crosshair: Enter places a point here',
    points: '{count} points placed',
    pointsOne: '1 point placed',
    sketchesMany: '{count} sketches',
    sketchesOne: '1 sketch',
    added: '{kind} added ({sketches}).',
    erased: '{kind} removed ({sketches}).',
    undone: 'Undone ({sketches}).',
    redone: 'Redone ({sketches}).',
    cleared: 'All sketches cleared.',
    cancelled: 'Cancelled.',
    imported: '{sketches} taken from “{file}”.',
    noSurface: 'There is no surface to draw on there.',
    needText: 'Please type the text of the note first.',
    nothingThere: 'There is no sketch there.',
    layer: 'Sketches',
    problemsTitle: 'Not everything in “{file}” was taken:',
    problemWhole: 'The file: expected {expected}, found {found}.',
    problemFeature: 'Sketch {number}, field “{field}”: expected {expected}, found {found}.',
    missing: 'nothing',
    expectJson: 'readable JSON',
    expectCollection: 'a GeoJSON FeatureCollection with “features”',
    expectObject: 'an object {…}',
    expectOneOf: 'one of {values}',
    expectText: 'a non-empty text of at most {max} characters',
    expectGeometry: 'a geometry of type {type}',
    expectPosition: '[longitude, latitude, height] in degrees and metres',
    expectPoints: '{min} to {max} points',
    dismiss: 'Dismiss notice',
  },
} as const satisfies Record<Language, Record<string, string>>;

/** The texts of `language`. */
export type SketchTexts = (typeof SKETCH_TEXTS)['de'];

/** `template` with `{name}` placeholders filled in. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match));
}

/** `count` sketches in words: "1 Skizze", "3 Skizzen" ("1 sketch", "3 sketches"). */
export function sketchCount(count: number, language: Language): string {
  const texts = SKETCH_TEXTS[language];
  return count === 1 ? texts.sketchesOne : fill(texts.sketchesMany, { count });
}

/** The name of a tool, colour or width in `language`. */
export function sketchName(name: SketchTool | SketchColour | SketchWidth, language: Language): string {
  return SKETCH_TEXTS[language][name];
}

/** What a sketch field should have held, in words. */
export function sketchExpectationText(expected: SketchExpectation, language: Language): string {
  const texts = SKETCH_TEXTS[language];
  switch (expected.kind) {
    case 'json':
      return texts.expectJson;
    case 'feature-collection':
      return texts.expectCollection;
    case 'object':
      return texts.expectObject;
    case 'one-of':
      return fill(texts.expectOneOf, { values: expected.values.map((v) => `“${v}”`).join(', ') });
    case 'text':
      return fill(texts.expectText, { max: expected.max });
    case 'geometry':
      return fill(texts.expectGeometry, { type: expected.type });
    case 'position':
      return texts.expectPosition;
    case 'points':
      return fill(texts.expectPoints, { min: expected.min, max: expected.max });
  }
}

/** One problem of a sketch file as a sentence naming the feature (1-based), the field, expected and found. */
export function formatSketchProblem(problem: SketchProblem, language: Language): string {
  const texts = SKETCH_TEXTS[language];
  const values = {
    expected: sketchExpectationText(problem.expected, language),
    found: problem.found ?? texts.missing,
    field: problem.field,
  };
  if (problem.feature === undefined) return fill(texts.problemWhole, values);
  return fill(texts.problemFeature, { ...values, number: problem.feature + 1 });
}
