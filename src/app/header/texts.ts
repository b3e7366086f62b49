/** UI texts of the header and its tools menu (kept beside their components; German first). */
export const HEADER_TEXTS = {
  de: {
    menu: 'Menü',
    menuTitle: 'Werkzeuge und weitere Funktionen',
    tools: 'Werkzeuge',
  },
  en: {
    menu: 'Menu',
    menuTitle: 'Tools and more',
    tools: 'Tools',
  },
} as const;
