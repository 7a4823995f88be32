export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressBar {
  /** `counted`: how many `rate.unit` are done so far, for the rate (when the bar has one). */
  update(done: number, counted?: number): void;
  /** Draws the final state and ends the line. */
  finish(): void;
}

export interface ProgressBarOptions {
  total: number;
  /** What is being counted, e.g. "users". */
  unit: string;
  stream: ProgressStream;
  clock?: () => number;
  /** How an amount of `unit` is written (default: a whole number with thousands separators). */
  formatAmount?: (amount: number) => string;
  /** Also shows a rate, e.g. `12,345 lines/s`, from the `counted` passed to `update`. */
  rate?: { unit: string };
}

const BAR_WIDTH = 30;
const REDRAW_EVERY_MS = 100;
const LINE_EVERY_PERCENT = 10;

/**
 * On a terminal: one line redrawn in place. Elsewhere (CI logs, files): a plain line every 10%,
 * so logs stay readable.
 */
export function createProgressBar({
  total,
  unit,
  stream,
  clock = () => performance.now(),
  formatAmount = (amount) => amount.toLocaleString('en-US'),
  rate,
}: ProgressBarOptions): ProgressBar {
  const started = clock();
  const interactive = stream.isTTY === true;
  let lastDraw = -Infinity;
  let lastStep = -1;
  let done = 0;
  let counted = 0;

  const describe = () => {
    const fraction = total === 0 ? 1 : Math.min(done / total, 1);
    const elapsed = (clock() - started) / 1000;
    const remaining =
      fraction > 0 && fraction < 1 ? ` ~${formatSeconds((elapsed / fraction) * (1 - fraction))} left` : '';
    const counts = `${formatAmount(done)}/${formatAmount(total)} ${unit}`;
    const speed =
      rate === undefined || elapsed <= 0
        ? ''
        : ` ${Math.round(counted / elapsed).toLocaleString('en-US')} ${rate.unit}/s`;
    return { fraction, text: `${Math.floor(fraction * 100)}% ${counts} ${formatSeconds(elapsed)}${remaining}${speed}` };
  };

  const draw = (force: boolean) => {
    const { fraction, text } = describe();
    if (interactive) {
      const now = clock();
      if (!force && now - lastDraw < REDRAW_EVERY_MS) return;
      lastDraw = now;
      const filled = Math.round(fraction * BAR_WIDTH);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${text}\x1b[K`);
      return;
    }
    const step = Math.floor((fraction * 100) / LINE_EVERY_PERCENT);
    if (!force && step === lastStep) return;
    lastStep = step;
    stream.write(`${text}\n`);
  };

  return {
    update(value, count) {
      done = value;
      if (count !== undefined) counted = count;
      draw(false);
    },
    finish() {
      if (interactive) {
        draw(true);
        stream.write('\n');
      } else if (lastStep !== Math.floor(100 / LINE_EVERY_PERCENT)) {
        draw(true);
      }
    },
  };
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}
