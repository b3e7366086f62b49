/** The scene time when none is shared: midsummer noon (ISO 8601 instant, UTC). */
export const MIDSUMMER_NOON = '2026-06-21T12:00:00Z';
