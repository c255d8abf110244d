import type { StoredConfig } from '../config-store/config-store';
import type { Operation } from '../config-store/operation';

/**
 * What the primary of `GATEWAY_WORKERS` and its data-plane workers tell each other over the
 * cluster IPC channel. The primary owns the config (admin plane, store, cluster log); workers
 * replay it: the whole state once (and after a gap), then each operation in sequence order.
 */
export type ToWorker =
  /** The whole state; `statsTickInMs`: when the worker's statistics should tick (half a period before the primary's). */
  | { t: 'gh:config'; seq: number; config: StoredConfig; statsTickInMs: number }
  | { t: 'gh:op'; seq: number; op: Operation }
  /** Stop accepting, finish requests in flight, exit 0 (rolling restart or stop). */
  | { t: 'gh:drain' };

export type ToPrimary =
  /** Listening for messages: send the state. */
  | { t: 'gh:hello' }
  /** Serving: the first config is applied and the listeners are bound. */
  | { t: 'gh:ready'; seq: number }
  | { t: 'gh:applied'; seq: number }
  /** An operation came out of order (a gap): send the whole state again. */
  | { t: 'gh:resync'; seq: number }
  /** The worker could not apply `seq` (for example its port is taken); it keeps its last config. */
  | { t: 'gh:failed'; seq: number; message: string }
  /**
   * The worker's statistics of the tick that just ended: the JSON text of a stats-wire report
   * (what stats shipping sends; null when the tick saw no sample), and the JSON text of the
   * current value of every plugin indicator (`IndicatorValueEntry[]`) — text so the primary can
   * refuse an oversized one before parsing it.
   */
  | { t: 'gh:stats'; report: string | null; indicators: string };

/** Whether `m` is one of our messages (the channel also carries Node's own). */
export function isMessage<T extends { t: string }>(m: unknown): m is T {
  return typeof m === 'object' && m !== null && typeof (m as { t?: unknown }).t === 'string' && (m as { t: string }).t.startsWith('gh:');
}
