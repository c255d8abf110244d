// The options of StorageProxy and the local-invalidation capability nested proxies share.
import type { Clock } from '@gatehouse/foundation';
import type { Key } from './types';

/** Options of {@link StorageProxy}. */
export interface StorageProxyOptions {
  /**
   * What a prefered (cache) failure other than a miss does. `throw` returns it to the caller as
   * §5.3 says (a cache outage is not masked); `fallback` serves from the backup and counts it.
   * `multiGet` always falls through to the backup. @default 'throw'
   */
  onPreferedError?: 'throw' | 'fallback';
  /** Concurrent misses of one key share one backup read. @default true */
  singleFlight?: boolean;
  /** Remember backup misses this long (ms) and answer them without the backup; 0 is off. @default 0 */
  negativeTtlMs?: number;
  /** Most misses remembered by the negative cache. @default 10000 */
  negativeMaxEntries?: number;
  /** Skip a backfill when the key was written while it was being read. @default true */
  leases?: boolean;
  /** Time source of the negative cache and of background refill retries. @default systemClock */
  clock?: Clock;
  /** Told of every error the proxy swallows (backfills, masked cache failures). @default undefined */
  onError?: (err: unknown, operation: string) => void;
}

/** A storage that may drop in-process copies of keys written elsewhere. */
export interface LocallyInvalidatable {
  /** Forgets local knowledge of `keys`: in-process copies, remembered misses, running reads. */
  invalidateLocal(keys: readonly Key[]): Promise<void>;
  /** Forgets all local knowledge (invalidation messages may have been lost). */
  invalidateAllLocal(): Promise<void>;
}

/** True when `value` can drop local knowledge of keys (a StorageProxy or a multiLevel stack). */
export function isLocallyInvalidatable(value: unknown): value is LocallyInvalidatable {
  return typeof (value as Partial<LocallyInvalidatable>).invalidateLocal === 'function';
}
