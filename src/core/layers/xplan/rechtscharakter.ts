/**
 * The legal character (`rechtscharakter`) of a plan object in words: a Festsetzung binds, a Hinweis or a
 * nachrichtliche Übernahme only informs, which is what a planner or a citizen asks of an area first. The codes
 * differ by version: XPlanGML 6 has one list for every kind of plan (XP_Rechtscharakter); XPlanGML 4 and 5 one
 * per kind (BP_, FP_ and SO_Rechtscharakter here; the LP_ and RP_ lists are not named and keep their code).
 */
import type { XPlanVersion } from './types.ts';

/** XP_Rechtscharakter, XPlanGML 6. */
const XP_6: Record<string, string> = {
  '1000': 'Festsetzung im Bebauungsplan',
  '2000': 'Nachrichtliche Übernahme',
  '3000': 'Darstellung im Flächennutzungsplan',
  '4000': 'Ziel der Raumordnung',
  '4100': 'Grundsatz der Raumordnung',
  '4200': 'Nachrichtliche Übernahme eines Ziels',
  '4300': 'Nachrichtliche Übernahme eines Grundsatzes',
  '4400': 'Nur Informationsgehalt (Regionalplan)',
  '4500': 'Textliches Ziel der Raumordnung',
  '4600': 'Ziel und Grundsatz der Raumordnung',
  '4700': 'Vorschlag (Raumordnung)',
  '5000': 'Festsetzung im Landschaftsplan',
  '5100': 'Geplante Festsetzung im Landschaftsplan',
  '5200': 'Darstellung oder Kennzeichnung im Landschaftsplan',
  '5300': 'Landschaftsplanerischer Inhalt zur Berücksichtigung',
  '6000': 'Hinweis',
  '7000': 'Kennzeichnung',
  '8000': 'Vermerk',
  '9998': 'Unbekannt',
  '9999': 'Sonstiges',
};

/** The codes BP_, FP_ and SO_Rechtscharakter share before XPlanGML 6. */
const BEFORE_6: Record<string, string> = {
  '2000': 'Nachrichtliche Übernahme',
  '3000': 'Hinweis',
  '4000': 'Vermerk',
  '5000': 'Kennzeichnung',
  '9998': 'Unbekannt',
};
const BP_BEFORE_6: Record<string, string> = { ...BEFORE_6, '1000': 'Festsetzung' };
const FP_BEFORE_6: Record<string, string> = { ...BEFORE_6, '1000': 'Darstellung' };
const SO_BEFORE_6: Record<string, string> = {
  ...BEFORE_6,
  '1000': 'Festsetzung im Bebauungsplan',
  '1500': 'Darstellung im Flächennutzungsplan',
  '1800': 'Inhalt des Landschaftsplans',
  '9999': 'Sonstiges',
};

/** The code list of `featureClass` (e.g. `BP_BaugebietsTeilFlaeche`) in a document of `version`, if known. */
function listOf(featureClass: string, version: XPlanVersion | 'unknown'): Record<string, string> | undefined {
  if (version === 'unknown') return undefined;
  if (version.startsWith('6')) return XP_6;
  if (featureClass.startsWith('BP_')) return BP_BEFORE_6;
  if (featureClass.startsWith('FP_')) return FP_BEFORE_6;
  if (featureClass.startsWith('SO_')) return SO_BEFORE_6;
  return undefined;
}

/**
 * `code` of an object of class `featureClass` in a document of `version` as "1000 (Festsetzung)", as the panel
 * writes roof type codes; the code alone where its list is not known or does not hold it.
 */
export function rechtscharakterText(
  code: string,
  featureClass: string,
  version: XPlanVersion | 'unknown',
): string {
  const list = listOf(featureClass, version);
  const words = list && Object.hasOwn(list, code) ? list[code] : undefined;
  return words === undefined ? code : `${code} (${words})`;
}
