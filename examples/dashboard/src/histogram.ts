/**
 * Result charts as inline SVG inside a panel that scrolls sideways on its own, so a chart of
 * any size never widens the page. Counts: one column per outcome, most frequent first, the
 * rarer ones in an "others" column; expectation values: one column per observable, above or
 * below zero, with its standard error as an error bar. Labels and values are written upright
 * along their column, so they never run into each other whatever the number of columns; a
 * long label is shortened in the middle, and its full text is in the column's tooltip (and,
 * for expectation values, in the table under the chart).
 *
 * @module
 */
import { el, svg } from './dom.js';
import { count, shortNumber } from './format.js';
import type { Chart, CountBar, ValueBar } from './chart-data.js';

/** Horizontal room of one column, and the width of its bar. */
export const PITCH = 26;
const BAR = 18;
/** Room left of the plot for the axis labels. */
const AXIS = 46;
/** Room above the plot for the values written upright. */
const HEAD = 48;
const PLOT = 160;
/** Longest label written in full; longer ones are shortened in the middle. */
export const LABEL_CHARS = 22;
/** Width of one character of the labels' monospace font (11 px), rounded up. */
const CHAR = 6.8;

/** `0000000000…1111111111` for a label longer than {@link LABEL_CHARS}. */
export function shortLabel(label: string): string {
  if (label.length <= LABEL_CHARS) return label;
  const head = Math.ceil((LABEL_CHARS - 1) / 2);
  const tail = LABEL_CHARS - 1 - head;
  return `${label.slice(0, head)}…${label.slice(label.length - tail)}`;
}

/** Height of the area under the plot that holds upright labels of `labels`. */
function labelRoom(labels: readonly string[]): number {
  const longest = Math.max(1, ...labels.map((l) => shortLabel(l).length));
  return Math.ceil(longest * CHAR) + 12;
}

/**
 * Text written upright, reading upwards, from (x, y): values start there and go up; labels
 * (`text-anchor: end` in the style sheet) end there and hang down.
 */
function upright(cls: string, x: number, y: number, text: string): SVGTextElement {
  return svg('text', { class: cls, x, y, transform: `rotate(-90 ${x} ${y})` }, text);
}

/**
 * Round axis values from `low` to `high` or a little beyond: steps of 1, 2, 2.5 or 5 times a
 * power of ten, about four of them. `integers`: no step below 1 (counts).
 */
export function niceTicks(low: number, high: number, integers = false): number[] {
  const span = high - low;
  if (!(span > 0)) return [low];
  const rough = span / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(
    integers ? 1 : 0,
    [1, 2, 2.5, 5, 10]
      .map((m) => m * power)
      .find((s) => s >= rough && (!integers || Number.isInteger(s))) ?? 10 * power,
  );
  const first = Math.floor(low / step + 1e-9) * step;
  const out: number[] = [];
  for (let v = first; v < high + step - 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function countTitle(bar: CountBar, shots: number): string {
  const share = shots > 0 ? ` (${((bar.value / shots) * 100).toFixed(1)} %)` : '';
  return bar.others
    ? `others: ${count(bar.outcomes)} rarer outcomes, ${count(bar.value)} shots in all${share}`
    : `${bar.label}: ${count(bar.value)} of ${count(shots)} shots${share}`;
}

function countsSvg(chart: Extract<Chart, { kind: 'counts' }>): SVGSVGElement {
  const labels = chart.bars.map((b) => (b.others ? `others (${b.outcomes})` : b.label));
  const room = labelRoom(labels);
  const width = AXIS + chart.bars.length * PITCH + 8;
  const base = HEAD + PLOT;
  const height = base + room;
  // The scale fits the outcomes drawn on their own; a larger "others" bar is cut at the top.
  const outcomes = chart.bars.filter((b) => !b.others).map((b) => b.value);
  const axis = niceTicks(0, Math.max(1, ...outcomes), true);
  const max = axis[axis.length - 1]!;
  const y = (v: number): number => base - (Math.min(v, max) / max) * PLOT;
  const root = svg('svg', {
    class: 'histogram',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': `counts of register ${chart.register}, PUB ${chart.pub}, most frequent first`,
    data: { kind: 'counts', pub: chart.pub, register: chart.register },
  });
  for (const tick of axis) {
    root.append(
      svg('line', { class: 'grid', x1: AXIS, x2: width, y1: y(tick), y2: y(tick) }),
      svg('text', { class: 'tick', x: AXIS - 6, y: y(tick) + 4 }, count(tick)),
    );
  }
  chart.bars.forEach((bar, i) => {
    const x = AXIS + i * PITCH + (PITCH - BAR) / 2;
    const middle = x + BAR / 2 + 4;
    const top = y(bar.value);
    const h = Math.max(1, base - top);
    root.append(
      svg(
        'g',
        {
          class: bar.others ? 'bar others' : 'bar',
          data: {
            bitstring: bar.label,
            count: bar.value,
            ...(bar.others ? { outcomes: bar.outcomes } : {}),
          },
        },
        svg('title', {}, countTitle(bar, chart.shots)),
        svg('rect', { x, y: base - h, width: BAR, height: h, rx: 2 }),
        bar.value > max
          ? svg('path', {
              class: 'cut',
              d: `M${x - 1} ${top + 10} l${BAR + 2} -5 M${x - 1} ${top + 15} l${BAR + 2} -5`,
            })
          : null,
        upright('value', middle, base - h - 4, count(bar.value)),
        upright('label', middle, base + 6, shortLabel(labels[i]!)),
      ),
    );
  });
  root.append(svg('line', { class: 'axis', x1: AXIS, x2: width, y1: base, y2: base }));
  return root;
}

function valueTitle(bar: ValueBar): string {
  const std = bar.std !== undefined ? ` ± ${shortNumber(bar.std)}` : '';
  return `${bar.label}: ${shortNumber(bar.value)}${std}`;
}

function expectationSvg(chart: Extract<Chart, { kind: 'expectation' }>): SVGSVGElement {
  const room = labelRoom(chart.bars.map((b) => b.label));
  const width = AXIS + chart.bars.length * PITCH + 8;
  const base = HEAD + PLOT;
  const height = base + room;
  // The plot spans zero, ±1 on the sides with values, and every error bar, to round values.
  const axis = niceTicks(
    Math.min(0, ...chart.bars.map((b) => Math.min(b.value - (b.std ?? 0), b.value < 0 ? -1 : 0))),
    Math.max(0, ...chart.bars.map((b) => Math.max(b.value + (b.std ?? 0), b.value > 0 ? 1 : 0))),
  );
  const low = axis[0]!;
  const high = axis[axis.length - 1]!;
  const span = high - low || 1;
  const y = (v: number): number => HEAD + ((high - v) / span) * PLOT;
  const root = svg('svg', {
    class: 'histogram',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': `expectation values, PUB ${chart.pub}`,
    data: { kind: 'expectation', pub: chart.pub },
  });
  for (const tick of axis) {
    root.append(
      svg('line', {
        class: tick === 0 ? 'axis' : 'grid',
        x1: AXIS,
        x2: width,
        y1: y(tick),
        y2: y(tick),
      }),
      svg('text', { class: 'tick', x: AXIS - 6, y: y(tick) + 4 }, shortNumber(tick, 2)),
    );
  }
  chart.bars.forEach((bar, i) => {
    const x = AXIS + i * PITCH + (PITCH - BAR) / 2;
    const middle = x + BAR / 2;
    const top = Math.min(y(bar.value), y(0));
    const h = Math.max(1, Math.abs(y(bar.value) - y(0)));
    const std = bar.std ?? 0;
    const upper = y(bar.value + std);
    root.append(
      svg(
        'g',
        {
          class: `bar ${bar.value < 0 ? 'negative' : 'positive'}`,
          data: { observable: bar.label, value: bar.value, std },
        },
        svg('title', {}, valueTitle(bar)),
        svg('rect', { x, y: top, width: BAR, height: h, rx: 2 }),
        std > 0
          ? svg(
              'g',
              { class: 'error-bar' },
              svg('line', { x1: middle, x2: middle, y1: upper, y2: y(bar.value - std) }),
              svg('line', { x1: middle - 4, x2: middle + 4, y1: upper, y2: upper }),
              svg('line', {
                x1: middle - 4,
                x2: middle + 4,
                y1: y(bar.value - std),
                y2: y(bar.value - std),
              }),
            )
          : null,
        upright('value', middle + 4, Math.min(top, upper) - 6, shortNumber(bar.value, 3)),
        upright('label', middle + 4, base + 6, shortLabel(bar.label)),
      ),
    );
  });
  return root;
}

function caption(chart: Chart): string {
  if (chart.kind === 'expectation') {
    return `PUB ${chart.pub}: expectation values ± standard error`;
  }
  const others = chart.bars.find((b) => b.others);
  const shown = chart.bars.length - (others === undefined ? 0 : 1);
  return (
    `PUB ${chart.pub}, register ${chart.register}: ${count(chart.shots)} shots, ` +
    (others === undefined
      ? `${count(chart.distinct)} outcome${chart.distinct === 1 ? '' : 's'}, most frequent first`
      : `${count(chart.distinct)} outcomes; the ${shown} most frequent, then ${count(others.outcomes)} others together`)
  );
}

function valuesTable(chart: Extract<Chart, { kind: 'expectation' }>): HTMLElement {
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'values' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, 'Observable'),
          el('th', {}, 'Value'),
          el('th', {}, 'Standard error'),
        ),
      ),
      el(
        'tbody',
        {},
        ...chart.bars.map((b) =>
          el(
            'tr',
            {},
            el('td', {}, el('code', {}, b.label)),
            el('td', { class: 'number' }, shortNumber(b.value)),
            el('td', { class: 'number' }, b.std === undefined ? '—' : shortNumber(b.std)),
          ),
        ),
      ),
    ),
  );
}

/** A chart with its caption, in its own sideways-scrolling box. */
export function chartElement(chart: Chart): HTMLElement {
  return el(
    'figure',
    { class: 'chart', data: { kind: chart.kind } },
    el('figcaption', {}, caption(chart)),
    el(
      'div',
      { class: 'chart-scroll', tabindex: 0, 'aria-label': 'chart; scroll sideways for more' },
      chart.kind === 'counts' ? countsSvg(chart) : expectationSvg(chart),
    ),
    chart.kind === 'expectation' ? valuesTable(chart) : null,
  );
}
