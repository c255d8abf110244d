import { DURATION_BUCKETS_SEC, type CumulativeHistogram } from '../../engine/statistics/cumulative-histogram';

/** One series of a histogram: its labels and its counts. */
export interface HistogramSeries {
  labels: Record<string, string>;
  totals: CumulativeHistogram;
}

/**
 * A duration histogram in the Prometheus text format (0.0.4), rendered from the statistics'
 * cumulative counts at scrape time — prom-client's Histogram only learns from `observe()` calls
 * on the request path, which is exactly the cost this avoids.
 */
export function histogramText(name: string, help: string, series: Iterable<HistogramSeries>): string {
  const lines = [`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} histogram`];
  for (const { labels, totals } of series) {
    const base = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
    const with_ = (extra?: string): string => `{${(extra ? [...base, extra] : base).join(',')}}`;
    let cumulative = 0;
    DURATION_BUCKETS_SEC.forEach((le, i) => {
      cumulative += totals.counts[i]!;
      lines.push(`${name}_bucket${with_(`le="${le}"`)} ${cumulative}`);
    });
    lines.push(`${name}_bucket${with_('le="+Inf"')} ${totals.count}`);
    lines.push(`${name}_sum${with_()} ${totals.sum / 1e9}`);
    lines.push(`${name}_count${with_()} ${totals.count}`);
  }
  return `${lines.join('\n')}\n`;
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
