/** One row of `/statistics/v1/pipelines`. */
export interface OverviewRow {
  pipeline: string;
  rate_1m: number;
  rate_5m: number;
  failure_rate_1m: number;
  count: number;
  failure_count: number;
  p50_ns: number | null;
  p99_ns: number | null;
  in_flight: number;
  wait_queue: number;
}

/** Columns `stat top` can sort by, busiest first. */
export const TOP_SORTS = ['rate', 'errors', 'p99', 'name'] as const;
export type TopSort = (typeof TOP_SORTS)[number];

const HEAD = ['PIPELINE', 'REQ/S 1m', 'REQ/S 5m', 'ERR% 1m', 'P50 ms', 'P99 ms', 'IN-FLIGHT', 'QUEUED', 'TOTAL', 'FAILED'];

function errPct(r: OverviewRow): number {
  return r.rate_1m > 0 ? (r.failure_rate_1m / r.rate_1m) * 100 : 0;
}

const ms = (ns: number | null): string => (ns === null ? '-' : (ns / 1e6).toFixed(ns < 1e7 ? 2 : 1));

/**
 * The `stat top` table: one line per pipeline with its rates, error share of the last minute,
 * p50/p99 of the last 30 s, tasks in flight and queued, and totals; numbers right-aligned.
 */
export function renderTop(rows: readonly OverviewRow[], sort: TopSort, at: Date): string {
  const sorted = [...rows].sort((a, b) => {
    if (sort === 'name') return a.pipeline.localeCompare(b.pipeline);
    if (sort === 'errors') return errPct(b) - errPct(a) || b.rate_1m - a.rate_1m;
    if (sort === 'p99') return (b.p99_ns ?? -1) - (a.p99_ns ?? -1);
    return b.rate_1m - a.rate_1m || a.pipeline.localeCompare(b.pipeline);
  });
  const cells = sorted.map((r) => [
    r.pipeline,
    r.rate_1m.toFixed(1),
    r.rate_5m.toFixed(1),
    errPct(r).toFixed(1),
    ms(r.p50_ns),
    ms(r.p99_ns),
    String(r.in_flight),
    String(r.wait_queue),
    String(r.count),
    String(r.failure_count),
  ]);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  const title = `gatehouse top — ${rows.length} pipeline${rows.length === 1 ? '' : 's'} at ${at.toISOString()} (rates: EWMA; latency: last 30 s)`;
  return [title, '', line(HEAD), ...cells.map(line), ''].join('\n');
}
