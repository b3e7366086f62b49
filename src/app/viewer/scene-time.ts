/**
 * The scene time when none is shared: 21 June, 12:00 UTC (ISO 8601 instant), 14:00 summer time in Germany, shortly
 * after the sun's highest point there (about 13:30): bright light, short shadows.
 */
export const DEFAULT_SCENE_TIME = '2026-06-21T12:00:00Z';
