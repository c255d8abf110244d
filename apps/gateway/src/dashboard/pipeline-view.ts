import { TimeChart } from './charts';
import { h, replace } from './dom';
import { formatCount, formatIndicator, formatNs, formatPercent, formatRate } from './format';
import type { PipelineHistory } from './history';
import { indicatorChip, orderIndicators } from './indicators';
import type { PipelineSnapshot, RegisteredIndicators } from './types';

/** Figures of one plugin box, in order; the names are the statistics' indicators. */
const PLUGIN_FIGURES: [string, string][] = [
  ['req/s (1 min)', 'THROUGHPUT_RATE_LAST_1MIN_ALL'],
  ['failed/s (1 min)', 'THROUGHPUT_RATE_LAST_1MIN_FAILURE'],
  ['p50', 'EXECUTION_TIME_50_PERCENT_ALL'],
  ['p99', 'EXECUTION_TIME_99_PERCENT_ALL'],
  ['runs', 'EXECUTION_COUNT_ALL'],
  ['failed runs', 'EXECUTION_COUNT_FAILURE'],
];

/**
 * One pipeline: its request rate and latency over the points polled so far, its plugins drawn
 * in run order as a flow with each plugin's rates, latency and registered states, its task
 * counts, and the last failed tasks.
 */
export class PipelineView {
  readonly root: HTMLElement;
  private readonly rateChart: TimeChart;
  private readonly latencyChart: TimeChart;
  private readonly flow = h('ol', { class: 'flow', 'aria-label': 'plugins in run order' });
  private readonly tasks = h('p', { class: 'tasks' });
  private readonly errors = h('div', { class: 'recent-errors' });

  constructor(readonly name: string) {
    const charts = h('div', { class: 'charts' });
    this.root = h(
      'section',
      { id: 'pipeline', 'data-pipeline': name },
      h('div', { class: 'section-head' }, h('h2', {}, `Pipeline ${name}`), h('a', { href: `#/config/pipelines/${encodeURIComponent(name)}` }, 'config')),
      charts,
      h('h3', {}, 'Plugins, in run order'),
      this.flow,
      this.tasks,
      h('h3', {}, 'Last errors'),
      this.errors,
    );
    this.rateChart = new TimeChart(charts, 'req/s (1 min)', [{ label: 'req/s', color: '#4c9aff', format: (v) => (v === null ? '–' : formatRate(v)) }], formatRate);
    this.latencyChart = new TimeChart(
      charts,
      'latency (30 s)',
      [
        { label: 'p50', color: '#36c98e', format: formatNs },
        { label: 'p99', color: '#f0b429', format: formatNs },
      ],
      formatNs,
    );
  }

  update(snapshot: PipelineSnapshot, history: PipelineHistory, registered: RegisteredIndicators | undefined): void {
    const rate = history.series(this.name, 'rate')?.data();
    const p50 = history.series(this.name, 'p50')?.data();
    const p99 = history.series(this.name, 'p99')?.data();
    if (rate) this.rateChart.setData([rate[0], rate[1]]);
    if (p50 && p99) this.latencyChart.setData([p50[0], p50[1], p99[1]]);

    const states = new Map((registered?.plugins ?? []).map((p) => [p.name, p.indicators]));
    replace(
      this.flow,
      ...snapshot.plugins.map((p, i) =>
        h(
          'li',
          { class: 'plugin', 'data-plugin': p.name },
          h('div', { class: 'plugin-head' }, h('span', { class: 'step' }, String(i + 1)), h('a', { href: `#/config/plugins/${encodeURIComponent(p.name)}` }, p.name), h('span', { class: 'type' }, p.type)),
          h('dl', {}, ...PLUGIN_FIGURES.flatMap(([label, key]) => [h('dt', {}, label), h('dd', { 'data-indicator': key }, formatIndicator(key, p.indicators[key] ?? null))])),
          h('div', { class: 'states' }, ...orderIndicators(states.get(p.name) ?? []).map(indicatorChip)),
        ),
      ),
    );
    const all = snapshot.task['EXECUTION_COUNT_ALL'] ?? 0;
    const failed = snapshot.task['EXECUTION_COUNT_FAILURE'] ?? 0;
    replace(this.tasks, `Tasks: ${formatCount(all)} finished, ${formatCount(failed)} failed (${formatPercent(all > 0 ? (100 * failed) / all : 0)}).`);

    if (snapshot.recent_errors.length === 0) {
      replace(this.errors, h('p', { class: 'empty' }, 'No failed task since the pipeline started.'));
      return;
    }
    replace(
      this.errors,
      h(
        'table',
        { class: 'generic' },
        h('thead', {}, h('tr', {}, ...['time', 'plugin', 'result', 'error code', 'message'].map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          {},
          ...snapshot.recent_errors.map((e) =>
            h(
              'tr',
              {},
              h('td', { title: e.time }, new Date(e.time).toLocaleTimeString()),
              h('td', {}, e.plugin || '–'),
              h('td', { class: 'num' }, String(e.result_code)),
              h('td', {}, e.error_code || '–'),
              h('td', { class: 'message' }, e.message),
            ),
          ),
        ),
      ),
    );
  }

  destroy(): void {
    this.rateChart.destroy();
    this.latencyChart.destroy();
  }
}
