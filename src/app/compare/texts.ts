/** UI texts of the compare divider (German first). */
export const COMPARE_TEXTS = {
  de: {
    compare: 'Vergleichen',
    compareTitle: 'Heute und Planung mit einem Schieber vergleichen',
    divider: 'Vergleichsschieber: links heute, rechts mit Planung',
    valueText: '{percent} % von links',
    on: 'Vergleich an: links die Stadt heute, rechts mit ausgeblendetem Bereich und Schnitt. Pfeiltasten verschieben den Schieber.',
    off: 'Vergleich aus.',
  },
  en: {
    compare: 'Compare',
    compareTitle: 'Compare today and the plan with a divider',
    divider: 'Compare divider: today on the left, with the plan on the right',
    valueText: '{percent} % from the left',
    on: 'Compare on: today’s city on the left, with the hidden area and the cut on the right. Arrow keys move the divider.',
    off: 'Compare off.',
  },
} as const;
