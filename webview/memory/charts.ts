// The memory panel's three SVG charts (live bytes per step, the arena plan, working-set bars). They
// share one x axis, the execution step, and one left margin, so a step lines up vertically across
// all three; a cursor (mouse or arrow keys) moves in all of them at once.
//
// Colours come only from CSS classes (media/memory.css maps them to VS Code theme variables);
// strings from the model go in through textContent. d3-scale gives the axes' nice ticks and
// d3-shape the step-area path; the SVG elements are built here directly.

import { scaleLinear } from 'd3-scale';
import type { ScaleLinear } from 'd3-scale';
import { area, curveStepAfter, line } from 'd3-shape';
import { formatBytes } from '../../src/core/units';
import type { ArenaRect, MemoryViewModel } from './viewModel';
import { byteTicks, shortTensorName, yRange } from './viewModel';

const SVG = 'http://www.w3.org/2000/svg';
export const MARGIN = { left: 72, right: 16, top: 14, bottom: 24 };

type Attrs = Record<string, string | number>;

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** What the page does when the user points at or picks something in a chart. */
export interface ChartEvents {
  /** Cursor on `step` (null: left the chart); `rect` when over an arena buffer; client coordinates for the tooltip. */
  hover(step: number | null, at: { x: number; y: number }, rect?: ArenaRect): void;
  /** Click / Enter: reveal this node. */
  pick(node: number): void;
}

export interface Chart {
  element: SVGSVGElement;
  /** Moves the shared cursor line (null hides it). */
  setCursor(step: number | null): void;
}

interface Frame {
  svg: SVGSVGElement;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  width: number;
  height: number;
  cursor: SVGLineElement;
}

/** Axes, grid and the pieces every chart has; `yMax` in bytes. */
function frame(kind: string, label: string, steps: number, width: number, height: number, yMax: number): Frame {
  const svg = s('svg', { class: `chart chart-${kind}`, width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', tabindex: 0, 'aria-label': label });
  const x = scaleLinear().domain([0, steps]).range([MARGIN.left, width - MARGIN.right]);
  const yTicks = byteTicks(yMax, 4);
  const y = scaleLinear().domain([0, yTicks.max]).range([height - MARGIN.bottom, MARGIN.top]);
  const grid = s('g', { class: 'grid' });
  for (const t of yTicks.ticks) {
    const py = Math.round(y(t.bytes)) + 0.5;
    grid.append(s('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: py, y2: py }));
    grid.append(s('text', { class: 'axis-label', x: MARGIN.left - 6, y: py, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, t.label));
  }
  // Step ticks at the centre of their step; few enough not to collide (about one per 70 px).
  const maxTicks = Math.max(2, Math.floor((width - MARGIN.left - MARGIN.right) / 70));
  const xTicks = scaleLinear().domain([0, Math.max(1, steps - 1)]).ticks(Math.min(maxTicks, steps)).filter((t) => Number.isInteger(t) && t < steps);
  const base = height - MARGIN.bottom;
  grid.append(s('line', { class: 'axis', x1: MARGIN.left, x2: width - MARGIN.right, y1: base + 0.5, y2: base + 0.5 }));
  for (const t of xTicks) {
    const px = Math.round(x(t + 0.5)) + 0.5;
    grid.append(s('line', { class: 'axis', x1: px, x2: px, y1: base, y2: base + 4 }));
    grid.append(s('text', { class: 'axis-label', x: px, y: base + 15, 'text-anchor': 'middle' }, String(t)));
  }
  svg.append(grid);
  const cursor = s('line', { class: 'cursor', y1: MARGIN.top, y2: base, x1: -10, x2: -10, visibility: 'hidden' });
  return { svg, x, y, width, height, cursor };
}

function sramLine(f: Frame, sramBytes: number, visible: boolean): SVGGElement {
  const g = s('g', { class: 'sram' });
  if (!visible) return g;
  const py = Math.round(f.y(sramBytes)) + 0.5;
  g.append(s('line', { class: 'sram-line', x1: MARGIN.left, x2: f.width - MARGIN.right, y1: py, y2: py }));
  g.append(s('text', { class: 'sram-label', x: f.width - MARGIN.right - 4, y: py - 4, 'text-anchor': 'end' }, `SRAM ${formatBytes(sramBytes)}`));
  return g;
}

/** A translucent column over the peak step, the same in every chart. */
function peakBand(f: Frame, step: number): SVGRectElement {
  const x0 = f.x(step);
  return s('rect', { class: 'peak-band', x: x0, y: MARGIN.top, width: Math.max(2, f.x(step + 1) - x0), height: f.height - MARGIN.bottom - MARGIN.top });
}

/** Pointer and keyboard: both resolve to a step (and, in the arena, maybe a rectangle). */
function interact(f: Frame, steps: number, nodeAt: (step: number) => number, events: ChartEvents, rectAt?: (target: EventTarget | null) => ArenaRect | undefined): Chart {
  let cursorStep: number | null = null;
  const stepAt = (clientX: number): number | null => {
    const box = f.svg.getBoundingClientRect();
    const px = ((clientX - box.left) / box.width) * f.width;
    if (px < MARGIN.left || px > f.width - MARGIN.right) return null;
    return Math.max(0, Math.min(steps - 1, Math.floor(f.x.invert(px))));
  };
  f.svg.addEventListener('pointermove', (e) => {
    const step = stepAt(e.clientX);
    events.hover(step, { x: e.clientX, y: e.clientY }, rectAt?.(e.target));
  });
  f.svg.addEventListener('pointerleave', (e) => events.hover(null, { x: e.clientX, y: e.clientY }));
  f.svg.addEventListener('click', (e) => {
    const rect = rectAt?.(e.target);
    if (rect) {
      if (rect.node !== null) events.pick(rect.node);
      return;
    }
    const step = stepAt(e.clientX);
    if (step !== null) events.pick(nodeAt(step));
  });
  // Keyboard: arrows move the cursor, Home/End jump, Enter reveals the node at the cursor.
  const keyAt = () => {
    const box = f.svg.getBoundingClientRect();
    const px = cursorStep === null ? MARGIN.left : f.x(cursorStep + 0.5);
    return { x: box.left + (px / f.width) * box.width, y: box.top + box.height / 3 };
  };
  f.svg.addEventListener('keydown', (e) => {
    const big = Math.max(1, Math.round(steps / 20));
    const moves: Record<string, (s: number) => number> = {
      ArrowRight: (s) => s + 1, ArrowLeft: (s) => s - 1, PageDown: (s) => s + big, PageUp: (s) => s - big, Home: () => 0, End: () => steps - 1,
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      const next = Math.max(0, Math.min(steps - 1, move(cursorStep ?? -1)));
      events.hover(next, keyAt());
    } else if ((e.key === 'Enter' || e.key === ' ') && cursorStep !== null) {
      e.preventDefault();
      events.pick(nodeAt(cursorStep));
    } else if (e.key === 'Escape') {
      events.hover(null, keyAt());
    }
  });
  f.svg.addEventListener('blur', () => events.hover(null, { x: 0, y: 0 }));
  f.svg.append(f.cursor);
  return {
    element: f.svg,
    setCursor(step) {
      cursorStep = step;
      if (step === null) {
        f.cursor.setAttribute('visibility', 'hidden');
        return;
      }
      const px = Math.round(f.x(step + 0.5)) + 0.5;
      f.cursor.setAttribute('x1', String(px));
      f.cursor.setAttribute('x2', String(px));
      f.cursor.setAttribute('visibility', 'visible');
    },
  };
}

/** Live activation bytes per step: a step area, the peak marked, the SRAM line, the suggested order dashed. */
export function timelineChart(m: MemoryViewModel, width: number, events: ChartEvents): Chart {
  const n = m.steps.length;
  const dataMax = Math.max(m.peak.bytes, m.reordering ? Math.max(...m.reordering.liveBytes) : 0);
  const range = yRange(dataMax, m.sramBytes);
  const f = frame('timeline', `Live activation bytes per step; ${m.peak.label}`, n, width, 220, range.max);
  f.svg.append(peakBand(f, m.peak.step));
  // Each step is a flat segment from step to step+1; the extra point closes the last one.
  const points: [number, number][] = m.steps.map((st) => [st.step, st.liveBytes]);
  points.push([n, m.steps[n - 1]?.liveBytes ?? 0]);
  const areaPath = area<[number, number]>().x((d) => f.x(d[0])).y0(f.y(0)).y1((d) => f.y(d[1])).curve(curveStepAfter)(points) ?? '';
  const linePath = line<[number, number]>().x((d) => f.x(d[0])).y((d) => f.y(d[1])).curve(curveStepAfter)(points) ?? '';
  f.svg.append(s('path', { class: 'live-area', d: areaPath }), s('path', { class: 'live-line', d: linePath }));
  if (m.reordering) {
    const r = m.reordering.liveBytes.map((b, i): [number, number] => [i, b]);
    r.push([r.length, m.reordering.liveBytes[r.length - 1] ?? 0]);
    f.svg.append(s('path', { class: 'reorder-line', d: line<[number, number]>().x((d) => f.x(d[0])).y((d) => f.y(d[1])).curve(curveStepAfter)(r) ?? '' }));
  }
  if (m.sramBytes !== null) f.svg.append(sramLine(f, m.sramBytes, range.sramVisible));
  // The peak: a dot on the curve and its size, kept inside the plot.
  const px = f.x(m.peak.step + 0.5);
  const py = f.y(m.peak.bytes);
  f.svg.append(s('circle', { class: 'peak-dot', cx: px, cy: py, r: 4 }));
  const rightSide = px > (MARGIN.left + width - MARGIN.right) / 2;
  f.svg.append(s('text', { class: 'peak-label', x: px + (rightSide ? -8 : 8), y: Math.max(MARGIN.top + 10, py - 6), 'text-anchor': rightSide ? 'end' : 'start' }, `peak ${formatBytes(m.peak.bytes)}`));
  return interact(f, n, (step) => m.steps[step]!.node, events);
}

/** The arena: one rectangle per buffer, x = its lifetime in steps, y = its offset; names where they fit. */
export function arenaChart(m: MemoryViewModel, width: number, events: ChartEvents): Chart {
  const n = m.steps.length;
  const range = yRange(m.arena.bytes, m.sramBytes);
  const height = Math.max(200, Math.min(360, 140 + m.arena.rects.length * 4));
  const f = frame('arena', `Arena plan: ${m.arena.text}`, n, width, height, range.max);
  f.svg.append(peakBand(f, m.peak.step));
  const rects = s('g', { class: 'buffers' });
  const labels = s('g', { class: 'buffer-labels' });
  m.arena.rects.forEach((r, i) => {
    const x0 = f.x(r.first);
    const x1 = f.x(r.last + 1);
    const y0 = f.y(r.offset + r.bytes);
    const y1 = f.y(r.offset);
    const w = Math.max(1, x1 - x0 - 1);
    const hgt = Math.max(1, y1 - y0 - 1);
    rects.append(s('rect', { class: `buffer hue-${r.hue}`, x: x0 + 0.5, y: y0 + 0.5, width: w, height: hgt, 'data-i': i }));
    // ~6.2 px per character at 11 px: the name where it fits, else its distinctive part (shortTensorName).
    if (hgt >= 13 && w >= 40) {
      const name = shortTensorName(r.tensor, Math.floor((w - 8) / 6.2));
      if (name.length >= 3) labels.append(s('text', { class: 'buffer-label', x: x0 + 4, y: (y0 + y1) / 2, 'dominant-baseline': 'middle' }, name));
    }
  });
  f.svg.append(rects, labels);
  // The planned arena's top edge.
  const ay = Math.round(f.y(m.arena.bytes)) + 0.5;
  f.svg.append(s('line', { class: 'arena-line', x1: MARGIN.left, x2: width - MARGIN.right, y1: ay, y2: ay }),
    s('text', { class: 'arena-label', x: MARGIN.left + 4, y: ay - 4 }, `arena ${formatBytes(m.arena.bytes)}`));
  if (m.sramBytes !== null) f.svg.append(sramLine(f, m.sramBytes, range.sramVisible));
  const rectAt = (t: EventTarget | null): ArenaRect | undefined => {
    if (!(t instanceof SVGRectElement) || !t.classList.contains('buffer')) return undefined;
    return m.arena.rects[Number(t.getAttribute('data-i'))];
  };
  return interact(f, n, (step) => m.steps[step]!.node, events, rectAt);
}

/** Per-layer working set against SRAM: one bar per step, coloured by how close it comes. */
export function workingSetChart(m: MemoryViewModel, width: number, events: ChartEvents): Chart {
  const n = m.steps.length;
  const range = yRange(m.maxWorkingSetBytes, m.sramBytes);
  const f = frame('bars', `Working set per layer${m.overSram > 0 ? `; ${m.overSram} over SRAM` : ''}`, n, width, 170, range.max);
  f.svg.append(peakBand(f, m.peak.step));
  const bars = s('g', { class: 'bars' });
  const gap = f.x(1) - f.x(0) > 4 ? 1 : 0;
  for (const st of m.steps) {
    if (st.workingSetBytes === null) continue;
    const x0 = f.x(st.step);
    const y0 = f.y(st.workingSetBytes);
    bars.append(s('rect', { class: `ws-bar level-${st.level ?? 'ok'}`, x: x0 + gap, y: y0, width: Math.max(1, f.x(st.step + 1) - x0 - 2 * gap), height: Math.max(0, f.y(0) - y0) }));
  }
  f.svg.append(bars);
  if (m.sramBytes !== null) f.svg.append(sramLine(f, m.sramBytes, range.sramVisible));
  return interact(f, n, (step) => m.steps[step]!.node, events);
}
