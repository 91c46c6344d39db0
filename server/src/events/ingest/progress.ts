import type { Clock } from '../../clock.js';

/** How far an import of one input has come. */
export interface ImportProgress {
  name: string;
  /** Bytes read from the input as stored (compressed for a .gz file). */
  bytes: number;
  /** The input's size, when known (not for stdin). */
  totalBytes: number | null;
  lines: number;
  accepted: number;
  elapsedMs: number;
}

/** Where progress is drawn: a TTY gets a redrawn bar, anything else periodic lines. */
export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const barInterval = 100;
const lineInterval = 5000;

/** One redrawable line: `name [#####.....] 45% 12.3/27.0 MB 10,234 events 5,120/s`. */
export function formatProgressBar(progress: ImportProgress, columns = 80): string {
  const fraction = progress.totalBytes ? Math.min(1, progress.bytes / progress.totalBytes) : null;
  const size =
    progress.totalBytes === null
      ? megabytes(progress.bytes)
      : `${megabytes(progress.bytes)}/${megabytes(progress.totalBytes)}`;
  const tail = ` ${fraction === null ? '' : `${percent(fraction)} `}${size} MB ${count(progress.accepted)} events ${count(rate(progress))}/s`;
  const room = columns - progress.name.length - tail.length - 4;
  if (fraction === null || room < 10) return `${progress.name}${tail}`.slice(0, columns - 1);
  const width = Math.min(40, room);
  const done = Math.round(width * fraction);
  return `${progress.name} [${'#'.repeat(done)}${'.'.repeat(width - done)}]${tail}`;
}

/** One plain line for logs: `name: 45% read (12.3 of 27.0 MB), 10234 events stored`. */
export function formatProgressLine(progress: ImportProgress): string {
  const read =
    progress.totalBytes === null
      ? `${megabytes(progress.bytes)} MB read`
      : `${percent(Math.min(1, progress.bytes / (progress.totalBytes || 1)))} read (${megabytes(progress.bytes)} of ${megabytes(progress.totalBytes)} MB)`;
  return `${progress.name}: ${read}, ${progress.lines} lines, ${progress.accepted} events stored`;
}

/**
 * Draws progress on `output`: on a TTY a bar redrawn at most every 100 ms, otherwise a
 * line every 5 seconds.
 */
export class ProgressReporter {
  #last = -Infinity;
  #drawn = false;

  constructor(
    private readonly output: ProgressOutput,
    private readonly clock: Clock,
  ) {}

  update(progress: ImportProgress): void {
    const now = this.clock.now();
    if (now - this.#last < (this.output.isTTY ? barInterval : lineInterval)) return;
    this.#last = now;
    this.#draw(progress);
  }

  /** Draws the finished bar on a TTY; plain output gets the caller's summary line instead. */
  done(progress: ImportProgress): void {
    if (this.output.isTTY) {
      this.#draw(progress);
      this.output.write('\n');
    }
    this.#drawn = false;
    this.#last = -Infinity;
  }

  #draw(progress: ImportProgress) {
    if (this.output.isTTY) {
      this.output.write(`\r\x1b[K${formatProgressBar(progress, this.output.columns ?? 80)}`);
      this.#drawn = true;
    } else {
      this.output.write(`${formatProgressLine(progress)}\n`);
    }
  }

  /** Clears a half-drawn bar before other output. */
  clear(): void {
    if (this.output.isTTY && this.#drawn) this.output.write('\r\x1b[K');
    this.#drawn = false;
  }
}

function rate(progress: ImportProgress): number {
  return progress.elapsedMs > 0 ? Math.round((progress.accepted * 1000) / progress.elapsedMs) : 0;
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

function percent(fraction: number): string {
  return `${Math.floor(fraction * 100)}%`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
