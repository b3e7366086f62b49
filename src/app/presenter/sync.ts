/**
 * Keeps the audience window (the viewer playing a story) and the presenter window on the same scene, in both
 * directions, over a BroadcastChannel. Platform-free: the channel is passed in (the browser's and Node's
 * BroadcastChannel both fit), so the unit tests run two real channels in Node.
 *
 * Protocol: each window holds a `PresentationState`; a navigation in either window stamps it with the time
 * (`changedAt`) and sends it. A window takes a state that is newer than its own, and answers an older one with
 * its own, so the newer state wins on both sides whatever the order of messages. A window that (re)loads says
 * `hello`; whoever holds a state answers with it. A freshly loaded audience window holds a state stamped 0,
 * so the presenter's position survives the audience's reload, and a reloaded presenter holds none and takes
 * the audience's. The audience owns the story: the presenter takes any story the audience sends, the audience
 * answers a state for another story with its own.
 *
 * The black screen is part of the state, so either window can switch it. When the audience window leaves the story
 * (not when it reloads), it says `end`, and the presenter waits for the next one.
 *
 * Pictures: the audience sends a small JPEG of each scene once it has arrived there (`picture`), and all it has
 * after its state when a presenter says hello; the presenter keeps them per scene of the current story, so a
 * scene seen once (a rehearsal, a step back) shows its picture as the next scene too. A picture is a `data:` URL:
 * showing it requests nothing.
 */

/** The BroadcastChannel name both windows use. */
export const PRESENTATION_CHANNEL = 'stadtmodell-presentation';

/** Which window this is. */
export type PresentationRole = 'audience' | 'presenter';

/** What the presenter shows of a story: titles and speaker notes, in scene order (plain text). */
export interface PresentationOutline {
  title: string;
  scenes: { title: string; notes?: string }[];
}

/** Where a presentation stands. */
export interface PresentationState {
  /** Identifies the story's content (see `storyIdOf`); another id is another story. */
  storyId: string;
  outline: PresentationOutline;
  /** Current scene, 0-based. */
  index: number;
  /** When the presentation started, milliseconds since 1970 (UTC): the presenter's elapsed time counts from it. */
  startedAt: number;
  /** When this state was last changed by a person, milliseconds since 1970 (UTC); 0 for a freshly loaded window. */
  changedAt: number;
  /** The audience sees a black screen (absent: false, as sent by a window of an earlier version). */
  black?: boolean;
}

/** The messages on the channel. */
export type PresentationMessage =
  | { type: 'hello'; from: PresentationRole }
  | { type: 'state'; from: PresentationRole; state: PresentationState }
  | { type: 'picture'; from: 'audience'; storyId: string; index: number; picture: string }
  | { type: 'end'; from: 'audience'; storyId: string };

/** Longest picture accepted, characters of its `data:` URL (a 480 px wide JPEG of the demo took 14 000–38 000). */
export const MAX_PICTURE_CHARS = 400_000;

const PICTURE_PATTERN = /^data:image\/jpeg;base64,[A-Za-z0-9+/]+={0,2}$/;

/** True for a JPEG `data:` URL of at most `MAX_PICTURE_CHARS`: nothing a browser would fetch or run. */
export function isScenePicture(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_PICTURE_CHARS && PICTURE_PATTERN.test(value);
}

/** The part of BroadcastChannel the link uses. */
export interface PresentationChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function isOutline(value: unknown): value is PresentationOutline {
  return (
    isRecord(value) &&
    typeof value.title === 'string' &&
    Array.isArray(value.scenes) &&
    value.scenes.every(
      (scene) =>
        isRecord(scene) &&
        typeof scene.title === 'string' &&
        (scene.notes === undefined || typeof scene.notes === 'string'),
    )
  );
}

function isState(value: unknown): value is PresentationState {
  return (
    isRecord(value) &&
    typeof value.storyId === 'string' &&
    isOutline(value.outline) &&
    isCount(value.index) &&
    typeof value.startedAt === 'number' &&
    Number.isFinite(value.startedAt) &&
    isCount(value.changedAt) &&
    (value.black === undefined || typeof value.black === 'boolean')
  );
}

/** True for a well-formed message (another tab of this origin may send anything on the channel). */
export function isPresentationMessage(value: unknown): value is PresentationMessage {
  if (!isRecord(value) || (value.from !== 'audience' && value.from !== 'presenter')) return false;
  if (value.type === 'hello') return true;
  if (value.type === 'end') return value.from === 'audience' && typeof value.storyId === 'string';
  if (value.type === 'picture') {
    return (
      value.from === 'audience' &&
      typeof value.storyId === 'string' &&
      isCount(value.index) &&
      isScenePicture(value.picture)
    );
  }
  return value.type === 'state' && isState(value.state);
}

/**
 * A short id of a story's content (FNV-1a over its JSON, hex): the same story loaded in two windows gets the
 * same id, an edited one another.
 */
export function storyIdOf(story: unknown): string {
  const text = JSON.stringify(story) ?? '';
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16).padStart(8, '0')}-${text.length.toString(36)}`;
}

/** Titles and notes of a story's scenes (what the presenter window needs). */
export function outlineOf(story: {
  title: string;
  scenes: readonly { title: string; notes?: string }[];
}): PresentationOutline {
  return {
    title: story.title,
    scenes: story.scenes.map(({ title, notes }) => (notes === undefined ? { title } : { title, notes })),
  };
}

function sameOutline(a: PresentationOutline, b: PresentationOutline): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * One window's end of the presentation. `onChange` runs when a message changed the state (not after the
 * window's own calls), with the new state.
 */
export class PresentationLink {
  private current: PresentationState | undefined;
  /** Pictures of the current story's scenes, by index. */
  private readonly pictures = new Map<number, string>();
  /** Presenter: runs when a picture arrived (set by the page that shows them). */
  onPicture: ((index: number) => void) | undefined;
  /** Presenter: runs when the audience window left the story it showed. */
  onEnd: (() => void) | undefined;
  private readonly listener = (event: { data: unknown }) => this.receive(event.data);
  private closed = false;

  constructor(
    private readonly channel: PresentationChannel,
    readonly role: PresentationRole,
    private readonly onChange: (state: PresentationState) => void,
    private readonly now: () => number = Date.now,
  ) {
    channel.addEventListener('message', this.listener);
  }

  /** The state now; undefined in a presenter window that has heard from no audience window yet. */
  get state(): PresentationState | undefined {
    return this.current;
  }

  /** The picture of scene `index` of the current story, if the audience has sent one. */
  pictureOf(index: number): string | undefined {
    return this.pictures.get(index);
  }

  /** Audience: the picture of scene `index` of the story shown (a JPEG `data:` URL); others are ignored. */
  showPicture(index: number, picture: string): void {
    const story = this.current;
    if (this.role !== 'audience' || !story || !isCount(index) || !isScenePicture(picture)) return;
    this.pictures.set(index, picture);
    this.post({ type: 'picture', from: 'audience', storyId: story.storyId, index, picture });
  }

  /** Announces this window; whoever holds a state answers. Call once after creating the link. */
  hello(): void {
    this.post({ type: 'hello', from: this.role });
    if (this.current) this.send();
  }

  /**
   * Audience: the story shown and its current scene. A new story starts a new presentation (stamped 0, so a
   * presenter still on the same story from before a reload keeps its place); the same story at another index,
   * or with other titles or notes (a story being edited keeps its id), is a change sent to the presenter.
   */
  present(storyId: string, outline: PresentationOutline, index: number, black = false): void {
    const previous = this.current;
    if (!previous || previous.storyId !== storyId) {
      this.pictures.clear();
      this.current = { storyId, outline, index, startedAt: this.now(), changedAt: 0, black };
      this.send();
      return;
    }
    if (
      previous.index === index &&
      (previous.black ?? false) === black &&
      sameOutline(previous.outline, outline)
    )
      return;
    this.current = { ...previous, outline, index, black, changedAt: this.stamp() };
    this.send();
  }

  /** Audience: the story is no longer shown (left, or the preview closed); a presenter window then waits. */
  end(): void {
    const story = this.current;
    if (this.role !== 'audience' || !story) return;
    this.current = undefined;
    this.pictures.clear();
    this.post({ type: 'end', from: 'audience', storyId: story.storyId });
  }

  /** Either window: the audience's screen black (`true`) or showing the scene again; ignored without a story. */
  setBlack(black: boolean): void {
    const previous = this.current;
    if (!previous || (previous.black ?? false) === black) return;
    this.current = { ...previous, black, changedAt: this.stamp() };
    this.send();
  }

  /** Either window: go to scene `index` (clamped to the story); ignored while there is no story. */
  go(index: number): void {
    const previous = this.current;
    if (!previous) return;
    const last = Math.max(0, previous.outline.scenes.length - 1);
    const clamped = Math.min(last, Math.max(0, Math.trunc(index)));
    if (clamped === previous.index) return;
    this.current = { ...previous, index: clamped, changedAt: this.stamp() };
    this.send();
  }

  /** Either window: the elapsed time starts again from now. */
  restartClock(): void {
    if (!this.current) return;
    this.current = { ...this.current, startedAt: this.now(), changedAt: this.stamp() };
    this.send();
  }

  /** Stops listening (the channel itself is the caller's to close). */
  close(): void {
    this.closed = true;
    this.channel.removeEventListener('message', this.listener);
  }

  /** A change time later than the current one, even within the same millisecond. */
  private stamp(): number {
    return Math.max(this.now(), (this.current?.changedAt ?? 0) + 1);
  }

  private send(): void {
    if (this.current) this.post({ type: 'state', from: this.role, state: this.current });
  }

  private sendPictures(): void {
    const story = this.current;
    if (this.role !== 'audience' || !story) return;
    for (const [index, picture] of this.pictures) {
      this.post({ type: 'picture', from: 'audience', storyId: story.storyId, index, picture });
    }
  }

  private post(message: PresentationMessage): void {
    if (!this.closed) this.channel.postMessage(message);
  }

  private receive(data: unknown): void {
    if (this.closed || !isPresentationMessage(data) || data.from === this.role) return;
    if (data.type === 'hello') {
      this.send();
      this.sendPictures();
      return;
    }
    if (data.type === 'end') {
      if (this.role === 'presenter' && this.current?.storyId === data.storyId) {
        this.current = undefined;
        this.pictures.clear();
        this.onEnd?.();
      }
      return;
    }
    if (data.type === 'picture') {
      if (this.role === 'presenter' && this.current?.storyId === data.storyId) {
        this.pictures.set(data.index, data.picture);
        this.onPicture?.(data.index);
      }
      return;
    }
    const theirs = data.state;
    const mine = this.current;
    if (!mine) {
      // A presenter takes the audience's story; an audience window has none to show until `present`.
      if (this.role === 'presenter') this.adopt(theirs);
      return;
    }
    if (theirs.storyId !== mine.storyId) {
      if (this.role === 'presenter') this.adopt(theirs);
      else this.send();
      return;
    }
    if (theirs.changedAt > mine.changedAt) {
      // The audience keeps its own outline: it is the story's owner.
      this.adopt(this.role === 'audience' ? { ...theirs, outline: mine.outline } : theirs);
    } else if (theirs.changedAt < mine.changedAt) {
      this.send();
    }
  }

  private adopt(state: PresentationState): void {
    if (this.current?.storyId !== state.storyId) this.pictures.clear();
    this.current = state;
    this.onChange(state);
  }
}
