// The transport multiLevel uses to tell other instances which keys changed, so they drop their
// in-process copies. The Redis pub/sub implementation lives in '@gatehouse/storage-proxy/redis'.
import type { Key } from './types';

/** Broadcasts changed keys to the other instances (never back to this one). */
export interface InvalidationBus {
  /** Tells the other instances that `keys` changed. */
  publish(keys: readonly Key[]): Promise<void>;
  /**
   * Calls `listener` with keys another instance changed, or with null when messages may have been
   * lost (a reconnect): then everything local must go. Returns the unsubscribe function.
   */
  subscribe(listener: (keys: Key[] | null) => void): () => void;
}
