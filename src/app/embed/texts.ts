/** Texts of the "Einbetten / Embed" button and panel, German first. */
export const EMBED_PANEL_TEXTS = {
  de: {
    button: 'Einbetten',
    buttonTitle: 'Diese Ansicht als 3D-Fenster in eine andere Webseite einbetten',
    panel: 'Ansicht einbetten',
    intro:
      'Fügen Sie diesen HTML-Code in Ihre Webseite ein: Er zeigt die aktuelle Ansicht und Auswahl als leichtes 3D-Fenster.',
    width: 'Breite (Pixel)',
    height: 'Höhe (Pixel)',
    title: 'Titel für Screenreader',
    code: 'HTML-Code',
    copy: 'Code kopieren',
    copied: 'Der Code ist in der Zwischenablage.',
    copyFailed: 'Kopieren ging nicht; der Code ist markiert, bitte mit Strg+C kopieren.',
    preview: 'Vorschau öffnen',
    close: 'Schließen',
  },
  en: {
    button: 'Embed',
    buttonTitle: 'Embed this view as a 3D frame in another web page',
    panel: 'Embed this view',
    intro:
      'Paste this HTML code into your web page: it shows the current view and selection as a light 3D frame.',
    width: 'Width (pixels)',
    height: 'Height (pixels)',
    title: 'Title for screen readers',
    code: 'HTML code',
    copy: 'Copy code',
    copied: 'The code is on the clipboard.',
    copyFailed: 'Copying did not work; the code is selected, please copy it with Ctrl+C.',
    preview: 'Open preview',
    close: 'Close',
  },
} as const;
