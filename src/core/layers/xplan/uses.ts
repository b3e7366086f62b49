/**
 * XPlanung code lists of building use and Bauweise, with the words a plan's reader knows them by and the PlanZV
 * colours of the uses: XP_BesondereArtDerBaulNutzung (BauNVO areas, `besondereArtDerBaulNutzung`),
 * XP_AllgArtDerBaulNutzung (`allgArtDerBaulNutzung`) and BP_Bauweise (`bauweise`), the same codes in XPlanGML 4 to 6.
 */
import { getOwn } from '../../util/own.ts';

/** A code's words and its fill colour (#rrggbb). */
export interface UseStyle {
  words: string;
  color: string;
}

/** XP_BesondereArtDerBaulNutzung: the BauNVO area types. */
export const SPECIAL_USES: Readonly<Record<string, UseStyle>> = {
  '1000': { words: 'Kleinsiedlungsgebiet (WS)', color: '#f2b8a2' },
  '1100': { words: 'Reines Wohngebiet (WR)', color: '#e8847a' },
  '1200': { words: 'Allgemeines Wohngebiet (WA)', color: '#ee9a8c' },
  '1300': { words: 'Besonderes Wohngebiet (WB)', color: '#f0a890' },
  '1400': { words: 'Dorfgebiet (MD)', color: '#d9b48f' },
  '1450': { words: 'Dörfliches Wohngebiet (MDW)', color: '#d9b48f' },
  '1500': { words: 'Mischgebiet (MI)', color: '#c89b6d' },
  '1550': { words: 'Urbanes Gebiet (MU)', color: '#c08c60' },
  '1600': { words: 'Kerngebiet (MK)', color: '#b58058' },
  '1700': { words: 'Gewerbegebiet (GE)', color: '#b4b4b4' },
  '1800': { words: 'Industriegebiet (GI)', color: '#9a9a9a' },
  '2000': { words: 'Sondergebiet Erholung (SO)', color: '#f5c48a' },
  '2100': { words: 'Sondergebiet (SO)', color: '#f5c48a' },
  '3000': { words: 'Wochenendhausgebiet', color: '#f5c48a' },
  '4000': { words: 'Sondergebiet (SO)', color: '#f5c48a' },
  '9999': { words: 'Sonstiges Baugebiet', color: '#d0d0d0' },
};

/** XP_AllgArtDerBaulNutzung: the general kinds of building land (a Flächennutzungsplan's). */
export const GENERAL_USES: Readonly<Record<string, UseStyle>> = {
  '1000': { words: 'Wohnbaufläche (W)', color: '#ee9a8c' },
  '2000': { words: 'Gemischte Baufläche (M)', color: '#c89b6d' },
  '3000': { words: 'Gewerbliche Baufläche (G)', color: '#b4b4b4' },
  '4000': { words: 'Sonderbaufläche (S)', color: '#f5c48a' },
  '9999': { words: 'Sonstige Baufläche', color: '#d0d0d0' },
};

/** BP_Bauweise (§ 22 BauNVO). */
const BAUWEISE: Readonly<Record<string, string>> = {
  '1000': 'offene Bauweise',
  '2000': 'geschlossene Bauweise',
  '3000': 'abweichende Bauweise',
};

/** A use's words for inside parentheses: "Allgemeines Wohngebiet (WA)" → "Allgemeines Wohngebiet, WA". */
const inline = (words: string | undefined) => words?.replace(/ \(([^()]+)\)$/, ', $1');

/** Fields whose value is one of the code lists above, by field name. */
const CODED_FIELDS: Readonly<Record<string, (code: string) => string | undefined>> = {
  besondereArtDerBaulNutzung: (code) => inline(getOwn(SPECIAL_USES, code)?.words),
  allgArtDerBaulNutzung: (code) => inline(getOwn(GENERAL_USES, code)?.words),
  bauweise: (code) => getOwn(BAUWEISE, code),
};

/**
 * The value of the plan field `field` as "code (words)" when it is a known code of these lists, e.g.
 * `bauweise` "2000" → "2000 (geschlossene Bauweise)"; undefined for other fields and unknown codes.
 */
export function codedFieldText(field: string, value: string): string | undefined {
  const words = getOwn(CODED_FIELDS, field)?.(value.trim());
  return words === undefined ? undefined : `${value.trim()} (${words})`;
}
