/** UI texts of the large-screen settings (German first). */
export const DISPLAY_TEXTS = {
  de: {
    uiScale: 'Textgröße',
    uiScaleTitle: 'Schrift und Bedienelemente vergrößern, z. B. für große Touch-Bildschirme',
    notKept: 'Die Textgröße gilt nur für diesen Besuch: der Browser erlaubt keine Speicherung.',
  },
  en: {
    uiScale: 'Text size',
    uiScaleTitle: 'Enlarge text and controls, e.g. for large touch screens',
    notKept: 'The text size applies to this visit only: the browser does not allow storing it.',
  },
} as const;
