import type { ConfigStore, LoadedConfig, StoredConfig } from '../config-store/config-store';
import type { FileConfigStore } from '../config-store/file-config-store';
import type { Operation } from '../config-store/operation';
import type { Logger } from '../engine/logger';
import { GatewayError, isGatewayError } from '../errors';
import type { RedisOperationLog } from './redis-operation-log';

/**
 * The write node's store: an operation goes to the group's log in Redis first — the one source of
 * truth, where a concurrent writer's append surfaces as a conflict — then to the node's own
 * copy on disk, which lets it boot and serve while Redis is down. A failed copy is reported, not
 * thrown: the operation is already in the log and every other node will apply it.
 */
export class WriterStore implements ConfigStore {
  constructor(
    private readonly log: RedisOperationLog,
    private readonly local: FileConfigStore,
    private readonly logger: Logger,
    private readonly onMirrorFailed: (err: unknown) => void,
    /** Sequence number of the last operation the node applied. */
    private readonly appliedSeq: () => number,
  ) {}

  /** Boots from the local copy; the node catches up from the log once Redis answers. */
  load(): Promise<LoadedConfig> {
    return this.local.load();
  }

  async append(seq: number, op: Operation, result: StoredConfig): Promise<void> {
    // A client-chosen operation_seq may match the log while this node is still behind it (just
    // restarted, catching up): the change was validated against an old config (it could create
    // a plugin the log already holds), so it must wait until the node has caught up.
    if (seq > this.appliedSeq() + 1 && (await this.sequence().catch(() => 0)) > this.appliedSeq()) {
      throw new GatewayError('GW_SEQUENCE_CONFLICT', `this write node has applied operation ${this.appliedSeq()} and is catching up with the log; read the sequence and retry`, {
        field: 'operation_seq',
      });
    }
    try {
      await this.log.append(seq, op, result);
    } catch (err) {
      if (isGatewayError(err)) throw err;
      throw new GatewayError('GW_CLUSTER_UNAVAILABLE', `the cluster's operation log cannot be reached: ${(err as Error).message}; nothing was changed`, {
        cause: err,
      });
    }
    try {
      await this.local.append(seq, op, result);
    } catch (err) {
      this.logger.error({ err, seq }, 'operation appended to the cluster log but not copied to local disk');
      this.onMirrorFailed(err);
    }
  }

  sequence(): Promise<number> {
    return this.log.sequence();
  }
}

/**
 * A read node's store: it boots from its local copy and never appends — changes come from the
 * log, applied by the node and copied to disk there. The gateway refuses admin changes before they
 * reach a store (its write guard), so `append` is never called; should it be, it refuses too.
 */
export class ReplicaStore implements ConfigStore {
  constructor(
    private readonly local: FileConfigStore,
    private readonly refuse: () => Error,
  ) {}

  load(): Promise<LoadedConfig> {
    return this.local.load();
  }

  async append(): Promise<void> {
    throw this.refuse();
  }

  sequence(): Promise<number> {
    return this.local.sequence();
  }
}
