/** Sketches of every kind for the tests (a text note with markup and quotes, which stay plain text). */
import type { SketchFeature } from './model.ts';

export const SAMPLE: SketchFeature[] = [
  {
    kind: 'freehand',
    colour: 'red',
    width: 'medium',
    points: [
      { longitude: 7.1997804, latitude: 51.2887235, height: 227.67 },
      { longitude: 7.2004402, latitude: 51.2888919, height: 228.5 },
      { longitude: 7.2005, latitude: 51.289, height: 229 },
    ],
  },
  {
    kind: 'polygon',
    colour: 'blue',
    width: 'thin',
    points: [
      { longitude: 7.2, latitude: 51.28, height: 200 },
      { longitude: 7.201, latitude: 51.28, height: 201 },
      { longitude: 7.201, latitude: 51.281, height: 202 },
    ],
  },
  {
    kind: 'arrow',
    colour: 'green',
    width: 'thick',
    points: [
      { longitude: 7.21, latitude: 51.27, height: 190 },
      { longitude: 7.211, latitude: 51.27, height: 190 },
    ],
  },
  {
    kind: 'text',
    colour: 'magenta',
    width: 'medium',
    points: [{ longitude: 7.2, latitude: 51.28, height: 230.25 }],
    text: 'Hier <b>Bänke</b>; “Platz” & Grün',
  },
];
