import type { Language } from '../i18n/index.ts';

/** The terrain's texts, German first (kept beside the terrain, as the shadow study keeps its own). */
export const TERRAIN_TEXTS: Record<
  Language,
  {
    failed: (label: string) => string;
    refused: (value: string) => string;
    /**
     * The credit line's entry while a dropped DGM is the terrain (instead of the city terrain's): its file, or its
     * first file and how many tiles were put together with it.
     */
    droppedCredit: (file: string, files?: number) => string;
    /** The layer list's group with the terrain's switch. */
    layer: string;
  }
> = {
  de: {
    failed: (label) =>
      `Das Gelände „${label}“ konnte nicht geladen werden; die Karte zeigt die Erde ohne Relief.`,
    refused: (value) =>
      `Der Link-Parameter terrain=„${value}“ wurde ignoriert: Gelände wird nur von diesem Server geladen (ein Name oder ein relativer Pfad).`,
    droppedCredit: (file, files = 1) =>
      files > 1
        ? `Gelände: ${file} und ${files === 2 ? 'eine weitere Kachel' : `${files - 1} weitere Kacheln`} (eigene Dateien)`
        : `Gelände: ${file} (eigene Datei)`,
    layer: 'Gelände',
  },
  en: {
    failed: (label) => `The terrain “${label}” could not be loaded; the map shows the earth without relief.`,
    refused: (value) =>
      `The link parameter terrain=“${value}” was ignored: terrain is only loaded from this server (a name or a relative path).`,
    droppedCredit: (file, files = 1) =>
      files > 1
        ? `Terrain: ${file} and ${files === 2 ? 'one more tile' : `${files - 1} more tiles`} (your files)`
        : `Terrain: ${file} (your file)`,
    layer: 'Terrain',
  },
};
