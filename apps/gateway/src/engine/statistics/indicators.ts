import type { ResultKind, SeriesReader } from './execution-series';
import type { RateWindow } from './meter';

/** A named figure the statistics REST API serves: value, description and unit. */
export interface Indicator {
  readonly name: string;
  readonly desc: string;
  /** `null` when there is nothing to report (an empty latency window). */
  value(): number | null;
}

/** A built-in indicator, evaluated over one series: a node's own, or the cluster's folded one. */
interface SeriesIndicator {
  readonly name: string;
  readonly desc: string;
  value(s: SeriesReader): number | null;
}

const KIND_NAME: Record<ResultKind, string> = { all: 'ALL', success: 'SUCCESS', failure: 'FAILURE' };
const KIND_TEXT: Record<ResultKind, string> = { all: 'all', success: 'successful', failure: 'failed' };

/** Percentiles reported, as Ease Gateway names them (999 = 99.9). */
export const PERCENTILES: readonly [label: string, q: number][] = [
  ['25', 0.25],
  ['50', 0.5],
  ['75', 0.75],
  ['90', 0.9],
  ['95', 0.95],
  ['98', 0.98],
  ['99', 0.99],
  ['999', 0.999],
];

const WINDOW_TEXT = 'over the 30 s that ended at the last 5-s tick';

function timeIndicators(kind: ResultKind): SeriesIndicator[] {
  const k = KIND_NAME[kind];
  const t = KIND_TEXT[kind];
  const win = (s: SeriesReader): ReturnType<SeriesReader['latency']> | undefined => {
    const l = s.latency(kind);
    return l.count === 0 ? undefined : l;
  };
  const out: SeriesIndicator[] = [
    { name: `EXECUTION_TIME_COUNT_${k}`, desc: `number of ${t} executions ${WINDOW_TEXT}`, value: (s) => s.latency(kind).count },
    { name: `EXECUTION_TIME_MIN_${k}`, desc: `shortest execution time of ${t} executions ${WINDOW_TEXT}, ns`, value: (s) => round(win(s)?.min) },
    { name: `EXECUTION_TIME_MAX_${k}`, desc: `longest execution time of ${t} executions ${WINDOW_TEXT}, ns`, value: (s) => round(win(s)?.max) },
    { name: `EXECUTION_TIME_MEAN_${k}`, desc: `mean execution time of ${t} executions ${WINDOW_TEXT}, ns`, value: (s) => round(win(s)?.average) },
    { name: `EXECUTION_TIME_STD_DEV_${k}`, desc: `standard deviation of the execution time of ${t} executions ${WINDOW_TEXT}, ns`, value: (s) => round(win(s)?.stdDev) },
    { name: `EXECUTION_TIME_VARIANCE_${k}`, desc: `variance of the execution time of ${t} executions ${WINDOW_TEXT}, ns²`, value: (s) => round(win(s)?.variance) },
    { name: `EXECUTION_TIME_SUM_${k}`, desc: `total execution time of ${t} executions ${WINDOW_TEXT}, ns`, value: (s) => round(win(s)?.sum) },
  ];
  for (const [label, q] of PERCENTILES) {
    const pct = label === '999' ? '99.9' : label;
    out.push({
      name: `EXECUTION_TIME_${label}_PERCENT_${k}`,
      desc: `${pct}th percentile of the execution time of ${t} executions ${WINDOW_TEXT}, ns (within 1 %)`,
      value: (s) => round(win(s)?.quantile(q)),
    });
  }
  return out;
}

function rateIndicators(kind: ResultKind): SeriesIndicator[] {
  return ([1, 5, 15] as RateWindow[]).map((w) => ({
    name: `THROUGHPUT_RATE_LAST_${w}MIN_${KIND_NAME[kind]}`,
    desc: `${KIND_TEXT[kind]} executions per second, exponentially weighted over about ${w} minute${w > 1 ? 's' : ''}`,
    value: (s: SeriesReader) => s.rate(w, kind),
  }));
}

function countIndicator(kind: ResultKind): SeriesIndicator {
  return { name: `EXECUTION_COUNT_${KIND_NAME[kind]}`, desc: `${KIND_TEXT[kind]} executions since the series began`, value: (s) => s.count(kind) };
}

const KINDS: readonly ResultKind[] = ['all', 'success', 'failure'];

/** Indicators of a pipeline and of each plugin: rates, counts and latency, × ALL/SUCCESS/FAILURE. */
export const SERIES_INDICATORS: readonly SeriesIndicator[] = KINDS.flatMap((k) => [...rateIndicators(k), countIndicator(k), ...timeIndicators(k)]);

/** Indicators under `/task`: task counts by result (Ease Gateway's task level). */
export const TASK_INDICATORS: readonly SeriesIndicator[] = KINDS.map(countIndicator);

const BUILTIN_NAMES = new Set(SERIES_INDICATORS.map((i) => i.name));

/** True for a name the built-in catalogue uses; plugins may not register it. */
export function isBuiltinIndicator(name: string): boolean {
  return BUILTIN_NAMES.has(name);
}

/** The built-in indicators of `list` bound to `series`. */
export function bindIndicators(list: readonly SeriesIndicator[], series: SeriesReader): Indicator[] {
  return list.map((i) => ({ name: i.name, desc: i.desc, value: () => i.value(series) }));
}

function round(v: number | undefined): number | null {
  return v === undefined ? null : Math.round(v);
}
