/** What the progress display shows. */
export interface ProgressState {
  filesDone: number;
  files: number;
  /** Raw input bytes consumed (compressed bytes for .gz/.zip). */
  bytesRead: number;
  bytes: number;
  buildings: number;
  phase: 'reading' | 'tiling';
}

/**
 * Progress of a converter run on stderr: on a terminal one line redrawn in place (files, buildings,
 * MB/s, ETA); otherwise a plain line every few seconds; 'off' prints nothing.
 */
export class ProgressDisplay {
  private readonly started = performance.now();
  // The first update always shows, so a short run in a log still says what it read.
  private last = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly mode: 'tty' | 'lines' | 'off',
    private readonly write: (text: string) => void,
    private readonly intervalMs = mode === 'tty' ? 200 : 5000,
  ) {}

  /** Formats one progress line. */
  static format(state: ProgressState, seconds: number): string {
    const mb = state.bytesRead / 1e6;
    const rate = seconds > 0 ? mb / seconds : 0;
    const remaining = rate > 0 ? (state.bytes - state.bytesRead) / 1e6 / rate : Number.NaN;
    const percent = state.bytes > 0 ? Math.min(100, (100 * state.bytesRead) / state.bytes) : 100;
    const width = 20;
    const filled = Math.round((percent / 100) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    const eta = Number.isFinite(remaining) ? `ETA ${Math.max(0, remaining).toFixed(0)} s` : 'ETA -';
    if (state.phase === 'tiling') {
      return `convert: tiling ${state.buildings} objects … (${seconds.toFixed(1)} s)`;
    }
    return `convert: [${bar}] ${percent.toFixed(0)}% files ${state.filesDone}/${state.files}, ${state.buildings} objects, ${rate.toFixed(1)} MB/s, ${eta}`;
  }

  /** Shows `state` when the interval has passed (or `force`). */
  update(state: ProgressState, force = false): void {
    if (this.mode === 'off') return;
    const now = performance.now();
    if (!force && now - this.last < this.intervalMs) return;
    this.last = now;
    const line = ProgressDisplay.format(state, (now - this.started) / 1000);
    if (this.mode === 'tty') {
      this.write(`\r\x1b[2K${line}`);
      this.drawn = true;
    } else this.write(`${line}\n`);
  }

  /** Ends the in-place line so following output starts on a fresh line. */
  finish(): void {
    if (this.drawn) this.write('\r\x1b[2K');
    this.drawn = false;
  }
}
