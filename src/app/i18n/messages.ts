/** UI texts, German first. Keys are shared; TypeScript checks that English has every German key. */
export const de = {
  appTitle: 'Stadtmodell',
  skipToMap: 'Zur 3D-Karte springen',
  mapLabel:
    '3D-Stadtmodell. Pfeiltasten bewegen, + und − zoomen, Q und E drehen, W und S neigen, Pos1 kehrt zur Startansicht zurück.',
  home: 'Startansicht',
  homeTitle: 'Zur Startansicht zurückkehren (Taste Pos1)',
  language: 'Sprache',
  switchToOther: 'English',
  switchToOtherLang: 'en',
  loadingCity: 'Stadtmodell wird geladen …',
  tilesetError: 'Kacheln „{{label}}“ konnten nicht geladen werden.',
  unknownCity: 'Unbekannte Stadt „{{id}}“ – {{fallback}} wird angezeigt.',
  attributesTitle: 'Gebäudeattribute',
  close: 'Schließen',
  noAttributes: 'Keine Attribute vorhanden.',
  pickHint: 'Gebäude antippen oder anklicken, um seine Attribute zu sehen.',
  attribute: 'Attribut',
  value: 'Wert',
} as const;

export type MessageKey = keyof typeof de;

export const en: Record<MessageKey, string> = {
  appTitle: 'City model',
  skipToMap: 'Skip to the 3D map',
  mapLabel:
    '3D city model. Arrow keys move, + and − zoom, Q and E rotate, W and S tilt, Home returns to the start view.',
  home: 'Start view',
  homeTitle: 'Return to the start view (Home key)',
  language: 'Language',
  switchToOther: 'Deutsch',
  switchToOtherLang: 'de',
  loadingCity: 'Loading the city model …',
  tilesetError: 'Tiles “{{label}}” could not be loaded.',
  unknownCity: 'Unknown city “{{id}}” – showing {{fallback}}.',
  attributesTitle: 'Building attributes',
  close: 'Close',
  noAttributes: 'No attributes.',
  pickHint: 'Tap or click a building to see its attributes.',
  attribute: 'Attribute',
  value: 'Value',
};
