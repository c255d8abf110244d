/** Requests per second: "0", "0.42", "12.3", "1,234". */
export function formatRate(perSec: number): string {
  if (perSec === 0) return '0';
  if (perSec < 1) return perSec.toFixed(2);
  if (perSec < 100) return perSec.toFixed(1);
  return Math.round(perSec).toLocaleString('en-US');
}

/** A percentage with one decimal: "0 %", "3.5 %", "100 %". */
export function formatPercent(pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return '–';
  if (pct === 0) return '0 %';
  return `${pct >= 10 ? pct.toFixed(0) : pct.toFixed(1)} %`;
}

/** A duration given in ns, in the unit that reads best: "850 µs", "12.4 ms", "3.20 s"; "–" when null. */
export function formatNs(ns: number | null): string {
  if (ns === null || !Number.isFinite(ns)) return '–';
  if (ns < 1e3) return `${Math.round(ns)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 1 : 0)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

/** A count: "0", "1,234,567". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** How long ago, from ms: "4 s ago", "3 min ago", "2 h ago". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** An indicator value as it reads best for its name (percentages, times in ns, rates, counts). */
export function formatIndicator(name: string, value: number | null): string {
  if (value === null) return '–';
  if (name.includes('PERCENTAGE')) return formatPercent(value);
  if (name.startsWith('EXECUTION_TIME_') && !name.startsWith('EXECUTION_TIME_COUNT') && !name.includes('VARIANCE')) return formatNs(value);
  if (name.includes('RATE')) return `${formatRate(value)}/s`;
  return Number.isInteger(value) ? formatCount(value) : value.toFixed(2);
}
