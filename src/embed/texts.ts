/** The embed viewer's texts, German first. Values from data never go through these: they are set as text. */
export const EMBED_TEXTS = {
  de: {
    mapLabel:
      '3D-Stadtmodell. Ziehen verschiebt, rechte Maustaste oder zwei Finger drehen, Mausrad oder Finger spreizen zoomt. Tastatur: Pfeiltasten verschieben, Umschalt+Pfeiltasten drehen und neigen um die Bildmitte, Plus und Minus zoomen, Pos1 zurück zum Anfang, Eingabe zeigt das Gebäude in der Bildmitte, Escape schließt es.',
    openFull: 'Im vollständigen Stadtmodell öffnen',
    home: 'Zurück zur Startansicht',
    attributesTitle: 'Gebäude',
    close: 'Schließen',
    noAttributes: 'Keine Attribute.',
    attribute: 'Attribut',
    value: 'Wert',
    loading: 'Stadtmodell wird geladen …',
    loaded: 'Stadtmodell geladen.',
    tilesetError: (url: string) => `Das Stadtmodell unter „${url}“ konnte nicht geladen werden.`,
    refused: (url: string, origin: string) =>
      `Das Stadtmodell „${url}“ wird nicht geladen: Die Adresse ${origin} gehört weder zu dieser Seite noch zu den für diese Stadt freigegebenen Quellen. Bitte verwenden Sie ein Stadtmodell dieser Seite.`,
    badView: (value: string) =>
      `Die Ansicht „${value}“ ist keine gültige Kameraposition (sechs Zahlen: Länge, Breite, Höhe, Richtung, Neigung, Rollwinkel); die Startansicht wird gezeigt.`,
    badTime: (value: string) =>
      `Die Zeit „${value}“ ist kein Zeitpunkt mit Zeitzone (z. B. 2026-12-21T10:00:00+01:00); gezeigt wird der Sonnenstand am 21. Juni, 12 Uhr UTC.`,
    badLayers: (value: string) =>
      `Ein Teil der Ebenen „${value}“ ist nicht in der Form id:0|1[:Deckkraft 0..100] und wird nicht beachtet.`,
    badLanguage: (value: string) => `Die Sprache „${value}“ gibt es nicht; erlaubt sind de und en.`,
    unknownCity: (value: string) =>
      `Die Stadt „${value}“ ist nicht eingerichtet; gezeigt wird die Standardstadt.`,
    noWebgl: 'Dieser Browser kann keine 3D-Grafik (WebGL) anzeigen.',
    selected: (id: string) => `Gebäude ${id} ausgewählt.`,
    attribution: 'Daten',
    layers: 'Ebenen',
    layerRefused: (id: string) =>
      `Die Ebene „${id}“ kann hier nicht gezeigt werden (unbekannt, keine Punktebene oder nicht von einer freigegebenen Quelle).`,
    layerError: (label: string) => `Die Ebene „${label}“ konnte nicht geladen werden.`,
    featureSelected: (name: string) => `${name} ausgewählt.`,
  },
  en: {
    mapLabel:
      '3D city model. Drag to pan, right mouse button or two fingers to rotate, mouse wheel or pinch to zoom. Keyboard: arrow keys pan, Shift+arrow keys turn and tilt around the centre, plus and minus zoom, Home returns to the start, Enter shows the building at the centre, Escape closes it.',
    openFull: 'Open in the full city model',
    home: 'Back to the start view',
    attributesTitle: 'Building',
    close: 'Close',
    noAttributes: 'No attributes.',
    attribute: 'Attribute',
    value: 'Value',
    loading: 'Loading the city model …',
    loaded: 'City model loaded.',
    tilesetError: (url: string) => `The city model at “${url}” could not be loaded.`,
    refused: (url: string, origin: string) =>
      `The city model “${url}” is not loaded: ${origin} is neither this page’s origin nor one of the sources this city allows. Please use a city model from this site.`,
    badView: (value: string) =>
      `The view “${value}” is not a valid camera position (six numbers: longitude, latitude, height, heading, pitch, roll); the start view is shown.`,
    badTime: (value: string) =>
      `The time “${value}” is not an instant with a time zone (e.g. 2026-12-21T10:00:00+01:00); the sun stands as on 21 June, 12:00 UTC.`,
    badLayers: (value: string) =>
      `Part of the layers “${value}” is not of the form id:0|1[:opacity 0..100] and is ignored.`,
    badLanguage: (value: string) => `There is no language “${value}”; use de or en.`,
    unknownCity: (value: string) => `The city “${value}” is not set up; the default city is shown.`,
    noWebgl: 'This browser cannot show 3D graphics (WebGL).',
    selected: (id: string) => `Building ${id} selected.`,
    attribution: 'Data',
    layers: 'Layers',
    layerRefused: (id: string) =>
      `The layer “${id}” cannot be shown here (unknown, not a point layer, or not from an allowed source).`,
    layerError: (label: string) => `The layer “${label}” could not be loaded.`,
    featureSelected: (name: string) => `${name} selected.`,
  },
} as const;

export type EmbedTexts = (typeof EMBED_TEXTS)['de'];
