import type { ConfigStore, LoadedConfig, StoredConfig } from '../config-store/config-store';
import { GatewayError } from '../errors';

/**
 * A worker's store: it boots from the state the primary sent and never appends — the worker has
 * no admin plane, and the primary persists every change.
 */
export class ReplicaStateStore implements ConfigStore {
  constructor(
    private readonly config: StoredConfig,
    private readonly seq: number,
  ) {}

  async load(): Promise<LoadedConfig> {
    return { snapshot: this.config, snapshotSeq: this.seq, operations: [] };
  }

  async append(): Promise<void> {
    throw new GatewayError('GW_INTERNAL', 'a data-plane worker does not persist changes; the primary does');
  }

  async sequence(): Promise<number> {
    return this.seq;
  }
}
