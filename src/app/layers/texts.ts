/** UI texts of the thematic layers (kept here, beside their components; German first). */
export const LAYER_TEXTS = {
  de: {
    layers: 'Ebenen',
    layersTitle: 'Thematische Ebenen ein- und ausblenden',
    layerPanel: 'Ebenen',
    opacity: 'Deckkraft',
    legend: 'Legende',
    illustrative: 'illustrativ',
    featureCount: '{count} Objekte',
    featureCountOne: '1 Objekt',
    illustrativeNote: 'Illustrative Demodaten – keine amtlichen Angaben.',
    search: 'Schule suchen',
    searchPlaceholder: 'Name eingeben …',
    noMatches: 'Keine Treffer.',
    loadError: 'Ebene „{label}“ konnte nicht geladen werden.',
    broadbandChart: 'Breitbandverfügbarkeit {name}',
    broadbandCaption: 'Anteil der Privathaushalte nach Geschwindigkeit (alle Technologien), Stand Mitte 2019',
    source: 'Quelle',
    openPlan: 'Plan öffnen',
    planLoading: 'Plan wird gelesen …',
    planError: 'Plan konnte nicht gelesen werden: {message}',
    planEnvelopes: 'Zulässige Baukörper',
    colourBy: 'Gebäude einfärben nach',
    colourNone: 'normale Farben',
    reset: 'Zurücksetzen',
    close: 'Schließen',
  },
  en: {
    layers: 'Layers',
    layersTitle: 'Show and hide thematic layers',
    layerPanel: 'Layers',
    opacity: 'Opacity',
    legend: 'Legend',
    illustrative: 'illustrative',
    featureCount: '{count} features',
    featureCountOne: '1 feature',
    illustrativeNote: 'Illustrative demo data – not official.',
    search: 'Find a school',
    searchPlaceholder: 'Type a name …',
    noMatches: 'No matches.',
    loadError: 'Layer “{label}” could not be loaded.',
    broadbandChart: 'Broadband availability {name}',
    broadbandCaption: 'Share of private households by speed (all technologies), mid-2019',
    source: 'Source',
    openPlan: 'Open plan',
    planLoading: 'Reading the plan …',
    planError: 'The plan could not be read: {message}',
    planEnvelopes: 'Permitted building envelopes',
    colourBy: 'Colour buildings by',
    colourNone: 'normal colours',
    reset: 'Reset',
    close: 'Close',
  },
} as const;

export type LayerTexts = (typeof LAYER_TEXTS)['de'];

/** Replaces `{name}` placeholders with values (as text; React escapes them when rendered). */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}
