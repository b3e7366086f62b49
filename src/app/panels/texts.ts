/** UI texts of the panels' bottom sheet (kept beside its components; German first). */
export const PANEL_TEXTS = {
  de: {
    handle: '{panel}: Höhe ändern',
    peek: 'eingeklappt',
    half: 'halb geöffnet',
    full: 'ganz geöffnet',
    handleHint: 'Ziehen oder antippen; Escape schließt.',
  },
  en: {
    handle: '{panel}: change height',
    peek: 'collapsed',
    half: 'half open',
    full: 'fully open',
    handleHint: 'Drag or tap; Escape closes.',
  },
} as const satisfies Record<'de' | 'en', Record<string, string>>;

/** `template` with `{name}` replaced by `values[name]`. */
export function fillText(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
