import type { TimelineLayout } from '../model/timeline-layout.ts';

export interface TimelineGeometry {
  top: number;
  /** Height of one lane (a bar plus its gap); fractional when many lanes share the height. */
  pitch: number;
  bar: number;
  height: number;
}

const MAX_LANES_HEIGHT = 176;

/** Few lanes get comfortable bars; many share a fixed height so the picture never grows tall. */
export function timelineGeometry(laneCount: number): TimelineGeometry {
  const lanes = Math.max(1, laneCount);
  const pitch = Math.min(22, lanes <= 6 ? 22 : MAX_LANES_HEIGHT / lanes);
  const gap = pitch >= 8 ? 4 : pitch >= 3 ? 1 : 0;
  const top = 10;
  return { top, pitch, bar: pitch - gap, height: top + lanes * pitch + 10 };
}

export interface TimelinePalette {
  active: string;
  expired: string;
  revoked: string;
  grid: string;
  now: string;
  highlight: string;
}

export const LIGHT: TimelinePalette = {
  active: '#059669',
  expired: '#6366f1',
  revoked: '#e11d48',
  grid: '#e2e8f0',
  now: '#0f172a',
  highlight: '#f59e0b',
};

export const DARK: TimelinePalette = {
  active: '#34d399',
  expired: '#818cf8',
  revoked: '#fb7185',
  grid: '#1e293b',
  now: '#f1f5f9',
  highlight: '#fbbf24',
};

export interface DrawOptions {
  width: number;
  geometry: TimelineGeometry;
  palette: TimelinePalette;
  ticks: readonly number[];
  /** Item index drawn with an outline (hovered or stepped to). */
  highlight: number;
}

/**
 * Draws every bar onto a canvas. Per lane, a bar that falls wholly inside pixels already painted
 * is skipped, so thousands of sessions cost about one rectangle per pixel column.
 */
export function drawTimeline(canvas: HTMLCanvasElement, layout: TimelineLayout, options: DrawOptions) {
  const { width, geometry, palette, ticks, highlight } = options;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.round(geometry.height * ratio);
  const context = canvas.getContext('2d');
  if (!context || width <= 0) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, geometry.height);

  const { from, to, now, items, lanes } = layout;
  const x = (time: number) => ((time - from) / (to - from)) * width;

  context.fillStyle = palette.grid;
  for (const tick of ticks) context.fillRect(Math.round(x(tick)), 0, 1, geometry.height);

  const nowX = x(now);
  const gap = geometry.pitch - geometry.bar;
  lanes.forEach((lane, laneIndex) => {
    // Whole-pixel rows keep many thin lanes crisp.
    const y = Math.round(geometry.top + laneIndex * geometry.pitch);
    const barHeight = Math.max(1, Math.round(geometry.top + (laneIndex + 1) * geometry.pitch - gap) - y);
    let paintedTo = -Infinity;
    for (const index of lane) {
      const item = items[index];
      if (!item) continue;
      // Whole pixels, so back-to-back sessions in a lane meet without hairline gaps.
      const left = Math.max(0, Math.floor(x(item.start)));
      const right = Math.min(width, x(item.end));
      const solidRight = item.session.active ? Math.min(right, nowX) : right;
      const end = Math.max(Math.ceil(solidRight), left + 1);
      if (end <= paintedTo) continue;
      context.fillStyle = item.session.active
        ? palette.active
        : item.session.revoked
          ? palette.revoked
          : palette.expired;
      const start = Math.max(left, paintedTo);
      context.fillRect(start, y, end - start, barHeight);
      paintedTo = end;
      if (item.session.active && right > nowX) {
        // The part still to come, up to the session's expiry.
        context.globalAlpha = 0.3;
        context.fillRect(nowX, y, right - nowX, barHeight);
        context.globalAlpha = 1;
      }
    }
  });

  context.fillStyle = palette.now;
  context.fillRect(Math.round(nowX) - 1, 0, 2, geometry.height);

  const item = items[highlight];
  if (item) {
    const left = Math.max(0, x(item.start));
    const right = Math.max(left + 3, Math.min(width, x(item.end)));
    const y = geometry.top + item.lane * geometry.pitch;
    context.strokeStyle = palette.highlight;
    context.lineWidth = 2;
    context.strokeRect(left - 2, y - 2, right - left + 4, Math.max(geometry.bar, 2) + 4);
  }
}
