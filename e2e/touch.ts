import type { CDPSession, Page } from 'playwright-core';

/** A point on the page, CSS pixels from the viewport's top-left corner. */
export interface ScreenPoint {
  x: number;
  y: number;
}

/** Options shared by the scripted gestures. */
export interface GestureOptions {
  /** Number of move events the gesture is split into (more = smaller steps). */
  steps?: number;
  /**
   * Runs after every move event, e.g. to wait for a frame or to record the camera. Software rendering draws a
   * few frames per second, so a gesture that waits for each frame moves the camera in many small steps.
   */
  afterStep?: () => Promise<void>;
  /** Leave the fingers on the screen at the end (no touchEnd), for `liftOne` or a further gesture. */
  keepDown?: boolean;
}

/** The defaults of `GestureOptions`. */
export const GESTURE_DEFAULTS: Required<GestureOptions> = {
  steps: 12,
  afterStep: () => Promise.resolve(),
  keepDown: false,
};

function withDefaults(options: GestureOptions): Required<GestureOptions> {
  const merged = { ...GESTURE_DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/**
 * Real touch input through the DevTools protocol (`Input.dispatchTouchEvent`), so the page sees the same
 * `touchstart`/`pointerdown` sequences as from a touch screen, with several fingers at once. Each call lists every
 * finger that is down afterwards: Chromium compares the list with the previous one by `id` and presses, moves or
 * releases fingers one at a time, so lifting one of two fingers is a move with the remaining finger only.
 */
export class TouchScreen {
  private readonly fingers = new Map<number, ScreenPoint>();
  private nextId = 1;

  private constructor(
    readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  /** Turns on touch emulation (up to 5 points) in `page`; `detach()` turns it off again. */
  static async attach(page: Page): Promise<TouchScreen> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
    return new TouchScreen(page, cdp);
  }

  /** Lifts every finger still down, turns touch emulation off and closes the protocol session. */
  async detach(): Promise<void> {
    await this.upAll();
    await this.cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
    await this.cdp.detach();
  }

  /** The ids of the fingers now down, oldest first. */
  get down(): number[] {
    return [...this.fingers.keys()];
  }

  /** Puts new fingers down at `points` (the fingers already down stay where they are); returns their ids. */
  async press(...points: ScreenPoint[]): Promise<number[]> {
    const ids: number[] = [];
    for (const point of points) {
      const id = this.nextId++;
      this.fingers.set(id, { ...point });
      ids.push(id);
    }
    await this.send('touchStart');
    return ids;
  }

  /** Moves the given fingers (by id) to new points in one event. */
  async move(moves: ReadonlyMap<number, ScreenPoint>): Promise<void> {
    for (const [id, point] of moves) {
      if (!this.fingers.has(id)) throw new Error(`touch: finger ${id} is not down`);
      this.fingers.set(id, { ...point });
    }
    await this.send('touchMove');
  }

  /** Lifts the given fingers (by id); the others stay down where they are. */
  async lift(...ids: number[]): Promise<void> {
    for (const id of ids) this.fingers.delete(id);
    await this.send(this.fingers.size === 0 ? 'touchEnd' : 'touchMove');
  }

  /** Lifts every finger. */
  async upAll(): Promise<void> {
    if (this.fingers.size === 0) return;
    this.fingers.clear();
    await this.send('touchEnd');
  }

  /** Where finger `id` is now. */
  where(id: number): ScreenPoint {
    const point = this.fingers.get(id);
    if (!point) throw new Error(`touch: finger ${id} is not down`);
    return { ...point };
  }

  private async send(type: 'touchStart' | 'touchMove' | 'touchEnd'): Promise<void> {
    const touchPoints = [...this.fingers].map(([id, p]) => ({
      x: p.x,
      y: p.y,
      id,
      radiusX: 8,
      radiusY: 8,
      force: 1,
    }));
    await this.cdp.send('Input.dispatchTouchEvent', { type, touchPoints });
  }
}

/** A point `radius` px from `centre` at `angle` radians (0 = right, clockwise on screen). */
function around(centre: ScreenPoint, radius: number, angle: number): ScreenPoint {
  return { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
}

/** Two fingers on either side of `centre`, `distance` px apart, on a line at `angle` radians. */
async function twoDown(
  touch: TouchScreen,
  centre: ScreenPoint,
  distance: number,
  angle: number,
): Promise<[number, number]> {
  const ids = await touch.press(
    around(centre, distance / 2, angle),
    around(centre, distance / 2, angle + Math.PI),
  );
  return [ids[0]!, ids[1]!];
}

/** Two fingers that are down already (the two newest), or two new ones around `centre`. */
async function twoFingers(
  touch: TouchScreen,
  centre: ScreenPoint,
  distance: number,
  angle: number,
): Promise<[number, number]> {
  const down = touch.down;
  if (down.length >= 2) return [down[down.length - 2]!, down[down.length - 1]!];
  if (down.length === 1) await touch.lift(down[0]!);
  return twoDown(touch, centre, distance, angle);
}

async function finish(touch: TouchScreen, options: Required<GestureOptions>): Promise<void> {
  if (!options.keepDown) await touch.upAll();
}

/**
 * Two fingers around `centre` on a horizontal line move from `fromDistance` to `toDistance` px apart, their centre
 * fixed: a pure pinch (spread when `toDistance` > `fromDistance`), no twist.
 */
export async function pinch(
  touch: TouchScreen,
  centre: ScreenPoint,
  fromDistance: number,
  toDistance: number,
  options: GestureOptions = {},
): Promise<void> {
  const o = withDefaults(options);
  const [a, b] = await twoFingers(touch, centre, fromDistance, 0);
  for (let step = 1; step <= o.steps; step++) {
    const d = fromDistance + ((toDistance - fromDistance) * step) / o.steps;
    await touch.move(
      new Map([
        [a, around(centre, d / 2, 0)],
        [b, around(centre, d / 2, Math.PI)],
      ]),
    );
    await o.afterStep();
  }
  await finish(touch, o);
}

/** Two fingers `distance` px apart turn about `centre` by `degrees` (positive = clockwise on screen). */
export async function twist(
  touch: TouchScreen,
  centre: ScreenPoint,
  distance: number,
  degrees: number,
  options: GestureOptions = {},
): Promise<void> {
  const o = withDefaults(options);
  const [a, b] = await twoFingers(touch, centre, distance, 0);
  for (let step = 1; step <= o.steps; step++) {
    const angle = (degrees * Math.PI * step) / (180 * o.steps);
    await touch.move(
      new Map([
        [a, around(centre, distance / 2, angle)],
        [b, around(centre, distance / 2, angle + Math.PI)],
      ]),
    );
    await o.afterStep();
  }
  await finish(touch, o);
}

/**
 * Two fingers side by side (`distance` px apart, horizontally, around `start`) move together `dy` px vertically
 * (positive = down the screen): the tilt gesture.
 */
export async function twoFingerDrag(
  touch: TouchScreen,
  start: ScreenPoint,
  distance: number,
  dy: number,
  options: GestureOptions = {},
): Promise<void> {
  const o = withDefaults(options);
  const [a, b] = await twoFingers(touch, start, distance, 0);
  const a0 = touch.where(a);
  const b0 = touch.where(b);
  for (let step = 1; step <= o.steps; step++) {
    const y = (dy * step) / o.steps;
    await touch.move(
      new Map([
        [a, { x: a0.x, y: a0.y + y }],
        [b, { x: b0.x, y: b0.y + y }],
      ]),
    );
    await o.afterStep();
  }
  await finish(touch, o);
}

/** One finger goes down at `from` and moves in a straight line to `to`. */
export async function oneFingerPan(
  touch: TouchScreen,
  from: ScreenPoint,
  to: ScreenPoint,
  options: GestureOptions = {},
): Promise<void> {
  const o = withDefaults(options);
  await touch.upAll();
  const [id] = await touch.press(from);
  for (let step = 1; step <= o.steps; step++) {
    const t = step / o.steps;
    await touch.move(new Map([[id!, { x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t }]]));
    await o.afterStep();
  }
  await finish(touch, o);
}

/**
 * Lifts the newest of the fingers down and leaves the others where they are (the hand-over from two fingers to
 * one); returns the ids still down.
 */
export async function liftOne(touch: TouchScreen): Promise<number[]> {
  const down = touch.down;
  if (down.length === 0) throw new Error('touch: no finger is down');
  await touch.lift(down[down.length - 1]!);
  return touch.down;
}

/**
 * One finger held still at `at` for `holdMs` milliseconds, then lifted: a long press (on a touch screen, where the
 * browser would open a context menu or select the word under the finger).
 */
export async function longPress(touch: TouchScreen, at: ScreenPoint, holdMs = 1000): Promise<void> {
  await touch.upAll();
  await touch.press(at);
  await touch.page.waitForTimeout(holdMs);
  await touch.upAll();
}
