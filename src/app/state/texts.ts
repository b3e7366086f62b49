/** UI texts of the shareable state (kept beside its components; German first). */
import type { CameraView } from '../../core/view/camera-view.ts';
import type { Language } from '../i18n/index.ts';
import type { ShareProblem } from './share-state.ts';

export const SHARE_TEXTS = {
  de: {
    problemsTitle: 'Einige Angaben im Link wurden nicht übernommen:',
    dismiss: 'Hinweis schließen',
    ignored: '„{param}={value}“ wurde ignoriert: {reason}',
    viewCount:
      'Die Ansicht braucht sechs durch Kommas getrennte Zahlen (Länge, Breite, Höhe, Richtung, Neigung, Rollwinkel), nicht {count}.',
    viewNumber: '{field} „{text}“ ist keine Zahl.',
    viewRange: '{field} {value} liegt nicht zwischen {min} und {max}.',
    lang: 'Die Sprache ist „de“ oder „en“.',
    layers: 'Einige Ebenen-Einträge sind nicht „id:0|1[:Deckkraft 0..100]“; die übrigen gelten.',
    colour: 'Danach lassen sich die Gebäude nicht einfärben.',
    time: 'Die Zeit ist ein ISO-8601-Zeitpunkt mit Zone, z. B. 2026-06-21T18:30:00+02:00.',
    measure:
      'Einige Messungen sind nicht „d|h|a:Länge,Breite,Höhe,…“ mit genug Punkten; die übrigen werden gezeigt.',
    sketch:
      'Einige Skizzen haben keine bekannte Art, Farbe oder Strichstärke oder unvollständige Koordinaten; die übrigen werden gezeigt.',
    longitude: 'Die Länge',
    latitude: 'Die Breite',
    height: 'Die Höhe (m)',
    heading: 'Die Richtung (°)',
    pitch: 'Die Neigung (°)',
    roll: 'Der Rollwinkel (°)',
  },
  en: {
    problemsTitle: 'Some settings in the link were not applied:',
    dismiss: 'Dismiss notice',
    ignored: '“{param}={value}” was ignored: {reason}',
    viewCount:
      'The view needs six comma-separated numbers (longitude, latitude, height, heading, pitch, roll), not {count}.',
    viewNumber: '{field} “{text}” is not a number.',
    viewRange: '{field} {value} is not between {min} and {max}.',
    lang: 'The language is “de” or “en”.',
    layers: 'Some layer entries are not “id:0|1[:opacity 0..100]”; the others apply.',
    colour: 'The buildings cannot be coloured by that.',
    time: 'The time is an ISO 8601 instant with zone, e.g. 2026-06-21T18:30:00+02:00.',
    measure: 'Some measurements are not “d|h|a:lon,lat,height,…” with enough points; the others are shown.',
    sketch:
      'Some sketches have an unknown kind, colour or width or incomplete coordinates; the others are shown.',
    longitude: 'The longitude',
    latitude: 'The latitude',
    height: 'The height (m)',
    heading: 'The heading (°)',
    pitch: 'The pitch (°)',
    roll: 'The roll (°)',
  },
} as const satisfies Record<Language, Record<string, string>>;

type TextKey = keyof (typeof SHARE_TEXTS)['de'];

/** Longest value quoted in a problem; a longer one is cut with '…' (a link can carry anything). */
const QUOTE_LENGTH = 60;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match));
}

const fieldName = (field: keyof CameraView, language: Language) => SHARE_TEXTS[language][field as TextKey];

/** One sentence naming the parameter, its value and why it was ignored, in `language`. */
export function describeShareProblem(problem: ShareProblem, language: Language): string {
  const texts = SHARE_TEXTS[language];
  const { reason } = problem;
  let why: string;
  if (reason.kind === 'view') {
    const fault = reason.problem;
    if (fault.kind === 'count') why = fill(texts.viewCount, { count: fault.count });
    else if (fault.kind === 'number')
      why = fill(texts.viewNumber, { field: fieldName(fault.field, language), text: fault.text });
    else
      why = fill(texts.viewRange, {
        field: fieldName(fault.field, language),
        value: fault.value,
        min: fault.min,
        max: fault.max,
      });
  } else why = texts[reason.kind];
  const value =
    problem.value.length > QUOTE_LENGTH ? `${problem.value.slice(0, QUOTE_LENGTH - 1)}…` : problem.value;
  return fill(texts.ignored, { param: problem.param, value, reason: why });
}
