/**
 * A plain sky colour for the sun's elevation: what a renderer without a GPU draws instead of Cesium's sky
 * atmosphere, whose scattering is ray-marched for every vertex of a dense dome and took about three quarters
 * of each frame under SwiftShader (120 ms of 120–180 ms at 640 × 367 px; 36–45 ms without it).
 */

/** A linear ramp stop: the sun's geometric elevation (degrees) and the sky's colour there (sRGB, 0..1). */
interface SkyStop {
  elevation: number;
  red: number;
  green: number;
  blue: number;
}

/**
 * Day, sunset, civil and nautical twilight: a light blue by day, warm at the horizon, deep blue in civil twilight
 * (the sun 6° down), near-black by night (12° down). Night stays visibly blue (31 of 255), not black: black is
 * what a missing globe leaves.
 */
const SKY_STOPS: readonly SkyStop[] = [
  { elevation: -12, red: 0.04, green: 0.06, blue: 0.12 },
  { elevation: -6, red: 0.3, green: 0.33, blue: 0.5 },
  { elevation: 0, red: 0.85, green: 0.66, blue: 0.52 },
  { elevation: 8, red: 0.66, green: 0.78, blue: 0.91 },
];

/** An sRGB colour, channels 0..1. */
export interface SkyColour {
  red: number;
  green: number;
  blue: number;
}

/**
 * The sky's colour (sRGB 0..1) when the sun stands `elevation` degrees above the horizon (negative below), linear
 * between the stops of day, sunset and twilight; constant above 8° and below −12°. NaN counts as day.
 */
export function skyColour(elevation: number): SkyColour {
  const first = SKY_STOPS[0]!;
  const last = SKY_STOPS[SKY_STOPS.length - 1]!;
  if (!(elevation > first.elevation)) return Number.isNaN(elevation) ? pick(last) : pick(first);
  for (let i = 1; i < SKY_STOPS.length; i++) {
    const high = SKY_STOPS[i]!;
    if (elevation > high.elevation) continue;
    const low = SKY_STOPS[i - 1]!;
    const t = (elevation - low.elevation) / (high.elevation - low.elevation);
    return {
      red: low.red + (high.red - low.red) * t,
      green: low.green + (high.green - low.green) * t,
      blue: low.blue + (high.blue - low.blue) * t,
    };
  }
  return pick(last);
}

function pick({ red, green, blue }: SkyStop): SkyColour {
  return { red, green, blue };
}
