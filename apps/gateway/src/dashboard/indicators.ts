import { h } from './dom';
import { formatIndicator } from './format';
import type { RegisteredIndicator } from './types';

/**
 * Plugin-registered indicators the dashboard knows by name: shown with a label, first, and
 * marked when their value says something is being held back. Any other registered indicator
 * (a breaker's, a future plugin's) is shown as its name and value.
 */
export const KNOWN_INDICATORS: Record<string, { label: string; hot: (v: number) => boolean; overview: boolean }> = {
  FLOW_CONTROLLED_PERCENTAGE_LAST_1MIN: { label: 'flow-controlled (1 min)', hot: (v) => v > 0, overview: true },
  FLOW_CONTROLLED_THROUGHPUT_RATE_LAST_1MIN: { label: 'rejected (1 min)', hot: (v) => v > 0, overview: true },
  INBOUND_THROUGHPUT_RATE_LAST_1MIN: { label: 'inbound (1 min)', hot: () => false, overview: false },
  // The overview has the pipeline's in-flight and queued columns; the pipeline view shows these per input.
  WAIT_QUEUE_LENGTH: { label: 'queued', hot: (v) => v > 0, overview: false },
  WIP_REQUEST_COUNT: { label: 'in progress', hot: () => false, overview: false },
};

/**
 * Whether the overview shows an indicator: known ones by their flag, others unless they are the
 * 5- or 15-minute variants of a figure (the pipeline view shows everything).
 */
export function onOverview(name: string): boolean {
  const known = KNOWN_INDICATORS[name];
  return known !== undefined ? known.overview : !/_LAST_(5|15)MIN$/.test(name);
}

/** Known ones first (in the table's order), then the rest by name. */
export function orderIndicators(list: readonly RegisteredIndicator[]): RegisteredIndicator[] {
  const known = Object.keys(KNOWN_INDICATORS);
  const rank = (n: string): number => (known.includes(n) ? known.indexOf(n) : known.length);
  return [...list].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** One indicator as a small labelled value; its description is the tooltip. */
export function indicatorChip(i: RegisteredIndicator): HTMLElement {
  const known = KNOWN_INDICATORS[i.name];
  const hot = known !== undefined && i.value !== null && known.hot(i.value);
  return h(
    'span',
    { class: `chip${known ? ' known' : ''}${hot ? ' hot' : ''}`, title: `${i.name}: ${i.desc}`, 'data-indicator': i.name },
    h('span', { class: 'chip-label' }, known?.label ?? i.name),
    ' ',
    h('span', { class: 'chip-value' }, formatIndicator(i.name, i.value)),
  );
}
