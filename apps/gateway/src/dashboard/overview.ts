import { Sparkline } from './charts';
import { h, replace } from './dom';
import { formatCount, formatNs, formatPercent, formatRate } from './format';
import { errorPercent, SERIES, type PipelineHistory, type SeriesName } from './history';
import { indicatorChip, onOverview, orderIndicators } from './indicators';
import type { PipelineOverview, RegisteredIndicators } from './types';

const COLORS: Record<SeriesName, string> = { rate: '#4c9aff', errorPct: '#ff6b6b', p50: '#36c98e', p99: '#f0b429' };

/** What one row shows next to each sparkline. */
function figure(o: PipelineOverview, s: SeriesName): string {
  if (s === 'rate') return `${formatRate(o.rate_1m)}/s`;
  if (s === 'errorPct') return formatPercent(errorPercent(o));
  return formatNs(s === 'p50' ? o.p50_ns : o.p99_ns);
}

/** One pipeline's row; kept across polls so its charts are updated, not rebuilt. */
class Row {
  readonly tr: HTMLTableRowElement;
  private readonly values = new Map<SeriesName, HTMLElement>();
  private readonly charts = new Map<SeriesName, Sparkline>();
  private readonly inFlight = h('td', { class: 'num', 'data-col': 'in_flight' });
  private readonly queued = h('td', { class: 'num', 'data-col': 'wait_queue' });
  private readonly total = h('td', { class: 'num', 'data-col': 'count' });
  private readonly states = h('td', { class: 'states', 'data-col': 'states' });

  constructor(readonly name: string) {
    this.tr = h('tr', { 'data-pipeline': name }, h('th', { scope: 'row' }, h('a', { href: `#/pipelines/${encodeURIComponent(name)}` }, name)));
    for (const s of SERIES) {
      const value = h('span', { class: 'value', 'data-figure': s });
      const spark = h('span', { class: 'spark' });
      this.tr.append(h('td', { class: 'figure' }, value, spark));
      this.values.set(s, value);
      this.charts.set(s, new Sparkline(spark, COLORS[s]));
    }
    this.tr.append(this.inFlight, this.queued, this.total, this.states);
  }

  update(o: PipelineOverview, history: PipelineHistory, registered: RegisteredIndicators | undefined): void {
    for (const s of SERIES) {
      this.values.get(s)!.textContent = figure(o, s);
      const ring = history.series(o.pipeline, s);
      if (ring) this.charts.get(s)!.setData(ring.data());
    }
    this.tr.classList.toggle('failing', errorPercent(o) > 0);
    this.inFlight.textContent = formatCount(o.in_flight);
    this.queued.textContent = formatCount(o.wait_queue);
    this.total.textContent = `${formatCount(o.count)}${o.failure_count > 0 ? ` (${formatCount(o.failure_count)} failed)` : ''}`;
    replace(
      this.states,
      ...(registered?.plugins ?? []).flatMap((p) => {
        const shown = orderIndicators(p.indicators).filter((i) => onOverview(i.name));
        if (shown.length === 0) return [];
        return [h('div', { class: 'plugin-state', 'data-plugin': p.name }, h('span', { class: 'plugin-name', title: p.type }, p.name), ...shown.map(indicatorChip))];
      }),
    );
  }

  destroy(): void {
    for (const c of this.charts.values()) c.destroy();
  }
}

/**
 * The front page: every pipeline with req/s, error %, p50 and p99 as sparklines of the last
 * points polled, tasks in flight and queued, totals, and the states its plugins registered
 * (limiters, queues, breakers).
 */
export class OverviewView {
  readonly root: HTMLElement;
  private readonly body = h('tbody');
  private readonly empty = h('p', { class: 'empty', hidden: true }, 'No pipeline yet: create one under Config.');
  private readonly filter = h('input', { type: 'search', placeholder: 'filter pipelines', 'aria-label': 'filter pipelines' });
  private readonly rows = new Map<string, Row>();

  constructor() {
    this.filter.addEventListener('input', () => this.applyFilter());
    this.root = h(
      'section',
      { id: 'overview', 'aria-labelledby': 'overview-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'overview-title' }, 'Pipelines'), this.filter),
      h(
        'table',
        { class: 'pipelines' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'pipeline'),
            h('th', { scope: 'col' }, 'req/s (1 min)'),
            h('th', { scope: 'col' }, 'errors (1 min)'),
            h('th', { scope: 'col' }, 'p50 (30 s)'),
            h('th', { scope: 'col' }, 'p99 (30 s)'),
            h('th', { scope: 'col' }, 'in flight'),
            h('th', { scope: 'col' }, 'queued'),
            h('th', { scope: 'col' }, 'requests'),
            h('th', { scope: 'col' }, 'plugin states'),
          ),
        ),
        this.body,
      ),
      this.empty,
    );
  }

  update(overview: PipelineOverview[], history: PipelineHistory, registered: RegisteredIndicators[]): void {
    const byName = new Map(registered.map((r) => [r.pipeline, r]));
    const names = new Set(overview.map((o) => o.pipeline));
    for (const [name, row] of this.rows) {
      if (!names.has(name)) {
        row.destroy();
        row.tr.remove();
        this.rows.delete(name);
      }
    }
    for (const o of [...overview].sort((a, b) => a.pipeline.localeCompare(b.pipeline))) {
      let row = this.rows.get(o.pipeline);
      if (row === undefined) this.rows.set(o.pipeline, (row = new Row(o.pipeline)));
      this.body.append(row.tr); // keeps rows in name order
      row.update(o, history, byName.get(o.pipeline));
    }
    this.empty.hidden = overview.length > 0;
    this.applyFilter();
  }

  private applyFilter(): void {
    const q = this.filter.value.trim().toLowerCase();
    for (const [name, row] of this.rows) row.tr.hidden = q !== '' && !name.toLowerCase().includes(q);
  }
}
