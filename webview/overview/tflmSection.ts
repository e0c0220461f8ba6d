// The overview's "TensorFlow Lite Micro" card (numbers and strings from tflmView.ts): TFLM's own
// arena with its head, tail and categories, or TFLM's error on the node it failed on (click to see
// it in the text view), or a ring while TFLM allocates the model. This file builds DOM only.

import { h } from '../shared/dom';
import type { Metric } from './oracleView';
import type { TflmCard, TflmLine } from './tflmView';

type Reveal = (node: number) => void;
type MetricCard = (m: Metric) => HTMLElement;

const ICON = { ok: '✓', warn: '!', error: '✗', unknown: '·' } as const;

function line(l: TflmLine, reveal: Reveal): HTMLElement {
  const li = h('li', { class: `tflm-line level-${l.level}${l.node !== undefined ? ' clickable' : ''}` },
    h('span', { class: `sev-icon tflm-icon level-${l.level}`, 'aria-hidden': 'true' }, ICON[l.level]), ' ', l.text);
  if (l.node !== undefined) {
    const node = l.node;
    li.tabIndex = 0;
    li.title = `Show node ${node} in the text view`;
    li.addEventListener('click', () => reveal(node));
    li.addEventListener('keydown', (e) => { if (e.key === 'Enter') reveal(node); });
  }
  return li;
}

/** The card, or null when TFLM does not apply to this model and target. */
export function tflmSection(c: TflmCard | null, metricCard: MetricCard, reveal: Reveal): HTMLElement | null {
  if (!c) return null;
  const busy = c.state === 'pending' ? h('vscode-progress-ring', { class: 'oracle-ring', 'aria-label': 'TensorFlow Lite Micro is allocating the model' }) : null;
  const categories = c.categories.length === 0 ? null : h('details', { class: 'tflm-categories' },
    h('summary', null, 'What the arena holds (TFLM\'s recording allocator)'),
    h('table', { class: 'layers' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Category'), h('th', { class: 'num', scope: 'col' }, 'Bytes'), h('th', { class: 'num', scope: 'col' }, 'Count'))),
      h('tbody', null, ...c.categories.map((x) => h('tr', null, h('td', null, x.name), h('td', { class: 'num' }, x.bytes), h('td', { class: 'num' }, x.count))))));
  const log = c.log ? h('details', { class: 'tflm-log' }, h('summary', null, 'What TFLM printed'), h('pre', null, c.log)) : null;
  return h('section', { class: `tflm oracle-card tflm-${c.state}`, 'aria-labelledby': 'tflm-h', 'data-tflm': c.state },
    h('h2', { id: 'tflm-h', class: 'tflm-title' }, busy, c.title, h('span', { class: 'muted oracle-beside' }, ` — ${c.subtitle}`)),
    h('p', { class: `oracle-summary level-${c.summaryLevel}` }, c.summary),
    c.metrics.length ? h('div', { class: 'metrics oracle-metrics' }, ...c.metrics.map(metricCard)) : null,
    c.lines.length ? h('ul', { class: 'oracle-disagreements tflm-lines' }, ...c.lines.map((l) => line(l, reveal))) : null,
    categories,
    log,
    c.footnote ? h('div', { class: 'oracle-footnote muted', title: c.footnote }, c.footnote) : null);
}
