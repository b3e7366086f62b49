/** UI texts of the search box (kept beside its components; German first). */
export const SEARCH_TEXTS = {
  de: {
    search: 'Suche',
    /** The search box's placeholder, longest first: the box shows the first that fits its width. */
    placeholders: [
      'Adresse, Schule, Plan, Gebäude-ID',
      'Adresse, Schule, Plan …',
      'Adresse, Schule …',
      'Adresse …',
    ],
    results: 'Suchergebnisse',
    loading: 'Adressen werden geladen …',
    noMatches: 'Keine Treffer für „{query}“.',
    count: '{count} Treffer. Mit Pfeiltasten wählen, Eingabetaste springt hin.',
    countOne: '1 Treffer. Eingabetaste springt hin.',
    chosen: '{label} gewählt.',
    address: 'Adresse',
    school: 'Schule',
    plan: 'Plan',
    place: 'Ort',
    building: 'Gebäude-ID',
    indexFailed:
      'Adressen von „{label}“ konnten nicht geladen werden ({reason}); Schulen, Pläne und andere Adressen sind weiter suchbar.',
    noPlace: '„{label}“ hat keine bekannte Lage.',
  },
  en: {
    search: 'Search',
    placeholders: [
      'Address, school, plan, building id',
      'Address, school, plan …',
      'Address, school …',
      'Address …',
    ],
    results: 'Search results',
    loading: 'Loading addresses …',
    noMatches: 'Nothing found for “{query}”.',
    count: '{count} results. Choose with the arrow keys, Enter goes there.',
    countOne: '1 result. Enter goes there.',
    chosen: '{label} chosen.',
    address: 'Address',
    school: 'School',
    plan: 'Plan',
    place: 'Place',
    building: 'Building id',
    indexFailed:
      'The addresses of “{label}” could not be loaded ({reason}); schools, plans and other addresses can still be found.',
    noPlace: '“{label}” has no known location.',
  },
} as const;

export type SearchText = keyof (typeof SEARCH_TEXTS)['de'];

/** `text` with each `{name}` replaced by `values[name]` (plain text; the result is rendered as text). */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
