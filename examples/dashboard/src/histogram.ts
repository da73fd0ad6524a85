/**
 * Result charts as inline SVG: measurement counts as bars labelled with their bitstrings
 * (`data-bitstring`, `data-count` on each bar), expectation values as bars above or below zero
 * with their standard error (`data-observable`, `data-value`).
 *
 * @module
 */
import { el, svg } from './dom.js';
import { shortNumber } from './format.js';
import type { Bar, Chart } from './job-state.js';

const PLOT_HEIGHT = 150;
const TOP = 18;
const LEFT = 8;
const GAP = 10;

function barWidth(bars: readonly Bar[]): number {
  const longest = Math.max(1, ...bars.map((b) => b.label.length));
  return Math.min(72, Math.max(28, longest * 8 + 6));
}

function countsSvg(chart: Extract<Chart, { kind: 'counts' }>): SVGSVGElement {
  const width = barWidth(chart.bars);
  const max = Math.max(1, ...chart.bars.map((b) => b.value));
  const total = Math.max(1, chart.shots);
  const svgWidth = LEFT * 2 + chart.bars.length * (width + GAP);
  const baseline = TOP + PLOT_HEIGHT;
  const root = svg('svg', {
    class: 'histogram',
    viewBox: `0 0 ${svgWidth} ${baseline + 26}`,
    width: svgWidth,
    height: baseline + 26,
    role: 'img',
    'aria-label': `counts of register ${chart.register}, PUB ${chart.pub}`,
    data: { kind: 'counts', pub: chart.pub, register: chart.register },
  });
  root.append(svg('line', { class: 'axis', x1: 0, x2: svgWidth, y1: baseline, y2: baseline }));
  chart.bars.forEach((bar, i) => {
    const height = Math.max(1, Math.round((bar.value / max) * PLOT_HEIGHT));
    const x = LEFT + i * (width + GAP);
    const share = ((bar.value / total) * 100).toFixed(1);
    root.append(
      svg(
        'g',
        { class: 'bar', data: { bitstring: bar.label, count: bar.value } },
        svg('title', {}, `${bar.label}: ${bar.value} of ${chart.shots} shots (${share} %)`),
        svg('rect', { x, y: baseline - height, width, height, rx: 2 }),
        svg('text', { class: 'value', x: x + width / 2, y: baseline - height - 4 }, bar.value),
        svg('text', { class: 'label', x: x + width / 2, y: baseline + 16 }, bar.label),
      ),
    );
  });
  return root;
}

function expectationSvg(chart: Extract<Chart, { kind: 'expectation' }>): SVGSVGElement {
  const width = barWidth(chart.bars.map((b) => ({ ...b, label: b.label.slice(0, 8) })));
  // The plot spans [low, high], always including 0 and ±1 on the sides that have values.
  const high = Math.max(
    0,
    ...chart.bars.map((b) => Math.max(b.value + (b.std ?? 0), b.value > 0 ? 1 : 0)),
  );
  const low = Math.min(
    0,
    ...chart.bars.map((b) => Math.min(b.value - (b.std ?? 0), b.value < 0 ? -1 : 0)),
  );
  const span = high - low || 1;
  const y = (v: number): number => TOP + ((high - v) / span) * PLOT_HEIGHT;
  const zero = y(0);
  const svgWidth = LEFT * 2 + chart.bars.length * (width + GAP);
  const root = svg('svg', {
    class: 'histogram',
    viewBox: `0 0 ${svgWidth} ${TOP + PLOT_HEIGHT + 26}`,
    width: svgWidth,
    height: TOP + PLOT_HEIGHT + 26,
    role: 'img',
    'aria-label': `expectation values, PUB ${chart.pub}`,
    data: { kind: 'expectation', pub: chart.pub },
  });
  root.append(svg('line', { class: 'axis', x1: 0, x2: svgWidth, y1: zero, y2: zero }));
  chart.bars.forEach((bar, i) => {
    const x = LEFT + i * (width + GAP);
    const top = Math.min(y(bar.value), zero);
    const h = Math.max(1, Math.abs(y(bar.value) - zero));
    const std = bar.std ?? 0;
    const label = bar.label.length > 8 ? `${bar.label.slice(0, 7)}…` : bar.label;
    root.append(
      svg(
        'g',
        {
          class: `bar ${bar.value < 0 ? 'negative' : 'positive'}`,
          data: { observable: bar.label, value: bar.value, std },
        },
        svg('title', {}, `${bar.label}: ${shortNumber(bar.value)} ± ${shortNumber(std)}`),
        svg('rect', { x, y: top, width, height: h, rx: 2 }),
        std > 0
          ? svg('line', {
              class: 'error-bar',
              x1: x + width / 2,
              x2: x + width / 2,
              y1: y(bar.value + std),
              y2: y(bar.value - std),
            })
          : null,
        svg(
          'text',
          { class: 'value', x: x + width / 2, y: bar.value >= 0 ? top - 4 : top + h + 12 },
          shortNumber(bar.value, 3),
        ),
        svg('text', { class: 'label', x: x + width / 2, y: TOP + PLOT_HEIGHT + 16 }, label),
      ),
    );
  });
  return root;
}

/** A chart with its caption, ready to put in a job row. */
export function chartElement(chart: Chart): HTMLElement {
  const caption =
    chart.kind === 'counts'
      ? `PUB ${chart.pub}, register ${chart.register}: ${chart.shots} shots` +
        (chart.hidden > 0 ? ` (${chart.hidden} rarer outcomes not shown)` : '')
      : `PUB ${chart.pub}: expectation values ± standard error`;
  return el(
    'figure',
    { class: 'chart' },
    chart.kind === 'counts' ? countsSvg(chart) : expectationSvg(chart),
    el('figcaption', {}, caption),
  );
}
