// The overview's "real compiler" section: one card per answer (Arm Vela; a loaded edgetpu_compiler
// log), each with its key numbers beside DeployLens's, and every disagreement as a line that shows
// its node in the text view. The numbers and strings come from oracleView.ts; this file builds DOM.

import { h } from '../shared/dom';
import type { Metric, OracleCard } from './oracleView';

type Reveal = (node: number) => void;
type MetricCard = (m: Metric) => HTMLElement;

function cardElement(c: OracleCard, metricCard: MetricCard, reveal: Reveal): HTMLElement {
  const busy = c.state === 'pending' ? h('vscode-progress-ring', { class: 'oracle-ring', 'aria-label': `${c.title} is running` }) : null;
  const list = c.disagreements.length === 0 ? null : h('ul', { class: 'oracle-disagreements' }, ...c.disagreements.map((d) => {
    const li = h('li', { class: d.node !== undefined ? 'clickable' : undefined }, h('span', { class: 'sev-icon sev-warning', 'aria-hidden': 'true' }, '≠'), ' ', d.text);
    if (d.node !== undefined) {
      const node = d.node;
      li.tabIndex = 0;
      li.title = `Show node ${node} in the text view`;
      li.addEventListener('click', () => reveal(node));
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter') reveal(node); });
    }
    return li;
  }));
  const table = c.table ? h('div', { class: 'table-wrap oracle-table' }, h('table', { class: 'layers' },
    h('thead', null, h('tr', null, ...c.table.headers.map((x, i) => h('th', { class: i >= 1 && i <= 4 ? 'num' : undefined, scope: 'col' }, x)))),
    h('tbody', null, ...c.table.rows.map((r) => h('tr', { class: `level-${r.level}` }, ...r.cells.map((x, i) => h('td', { class: i >= 1 && i <= 4 ? 'num' : i === 0 ? `placement level-${r.level}` : undefined }, i === 0 && r.level === 'warn' ? `${x} ≠` : x))))))) : null;
  return h('div', { class: `oracle-card oracle-${c.state}`, 'data-oracle': c.id },
    h('h3', null, busy, c.title, h('span', { class: 'muted oracle-beside' }, c.state === 'pending' ? ' — compiling…' : ' beside the prediction')),
    h('p', { class: `oracle-summary level-${c.summaryLevel}` }, c.summary),
    c.metrics.length ? h('div', { class: 'metrics oracle-metrics' }, ...c.metrics.map(metricCard)) : null,
    list,
    table,
    c.footnote ? h('div', { class: 'oracle-footnote muted', title: c.footnote }, c.footnote) : null);
}

/** The section, or null when no compiler answered (or is running) for this model. */
export function oracleSection(cards: readonly OracleCard[], metricCard: MetricCard, reveal: Reveal): HTMLElement | null {
  if (cards.length === 0) return null;
  return h('section', { class: 'oracles', 'aria-labelledby': 'oracles-h' },
    h('h2', { id: 'oracles-h' }, 'Real compiler'),
    ...cards.map((c) => cardElement(c, metricCard, reveal)));
}
