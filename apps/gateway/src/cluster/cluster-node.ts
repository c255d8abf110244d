import { Redis } from 'ioredis';
import type { ConfigStore } from '../config-store/config-store';
import { FileConfigStore } from '../config-store/file-config-store';
import type { StoredConfig } from '../config-store/config-store';
import { applyToConfig, type Operation, type SequencedOperation } from '../config-store/operation';
import type { Clock } from '../engine/clock';
import type { Gateway } from '../engine/gateway';
import type { Logger } from '../engine/logger';
import { GatewayError } from '../errors';
import type { ClusterOptions } from './cluster-options';
import { ReplicaStore, WriterStore } from './cluster-stores';
import { Membership, type MemberRecord, type MemberView } from './membership';
import { MalformedOperationError, readEntry, RedisOperationLog } from './redis-operation-log';
import type { SecretSealer } from './secret-sealer';

/** What a node reports about its place in the cluster (`/health/v1/ready`, `/cluster/health/v1`). */
export interface NodeState {
  /** True once a config was applied: the local copy at boot, or the log once caught up. */
  ready: boolean;
  applied_seq: number;
  /** Why the node needs an operator (a malformed operation it stopped at), or null. */
  alarm: string | null;
  /** Operations it refused to apply (malformed, or rejected by validation). */
  malformed_operations: number;
  /** True while the log cannot be read (Redis down): the node serves what it has. */
  log_unreachable: boolean;
}

/** Tuning of a node; tests shorten the waits. */
export interface ClusterNodeOptions extends ClusterOptions {
  /** Where the node keeps its applied config and sequence. */
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** Longest XREAD BLOCK, ms. @default 5000 */
  blockMs?: number;
  /** Wait after an error (Redis down, a malformed operation) before trying again, ms. @default 1000 */
  retryMs?: number;
  /** Redis key prefix. @default "gatehouse:cluster:" */
  prefix?: string;
  /** Membership heartbeat, ms. @default 2000 */
  heartbeatMs?: number;
  /** Seals secret-bearing options in the log and its snapshots. @default none (specs as they are) */
  sealer?: SecretSealer;
}

/**
 * Commands fail fast when Redis is away (no offline queue, one retry, 2 s timeout), so an admin
 * change answers and a heartbeat never hangs; the blocking reader's timeout outlasts its BLOCK.
 */
const REDIS_OPTIONS = { connectTimeout: 2000, commandTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true } as const;

/**
 * A gateway node of a cluster group (slide 13's WriteNode/ReadNode over an Oplog, reference §2.9):
 * it boots from its local copy, catches up from the group's log in Redis, then follows it with
 * blocking reads (pushed, not polled), applying each operation in order without writing it back,
 * copying what it applied to local disk, and heartbeating its state. The write node also appends;
 * a read node refuses admin changes with GW_NOT_WRITER naming the writer.
 */
export class ClusterNode {
  readonly local: FileConfigStore;
  readonly log: RedisOperationLog;
  readonly membership: Membership;
  private readonly redis: Redis;
  private readonly blocking: Redis;
  private gateway: Gateway | undefined;
  private endpoint = '';
  private readonly startedAt = new Date().toISOString();
  private closed = false;
  private loop: Promise<void> | undefined;
  private readonly state: NodeState = { ready: false, applied_seq: 0, alarm: null, malformed_operations: 0, log_unreachable: false };

  constructor(private readonly opts: ClusterNodeOptions) {
    this.local = new FileConfigStore(opts.dataDir);
    this.redis = new Redis(opts.redisUrl, REDIS_OPTIONS);
    this.blocking = new Redis(opts.redisUrl, {
      ...REDIS_OPTIONS,
      commandTimeout: (opts.blockMs ?? 5000) + 2000,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });
    for (const r of [this.redis, this.blocking]) r.on('error', (err) => opts.logger.debug({ err }, 'cluster Redis connection error'));
    this.log = new RedisOperationLog(this.redis, opts.group, { prefix: opts.prefix, ...(opts.sealer ? { sealer: opts.sealer } : {}) });
    this.membership = new Membership(this.redis, () => this.record(), opts.clock, opts.logger, {
      prefix: opts.prefix,
      heartbeatMs: opts.heartbeatMs,
    });
  }

  get mode(): 'write' | 'read' {
    return this.opts.mode;
  }

  get group(): string {
    return this.opts.group;
  }

  get name(): string {
    return this.opts.nodeName;
  }

  /** The store the node's gateway persists through. */
  store(): ConfigStore {
    if (this.opts.mode === 'write') {
      return new WriterStore(this.log, this.local, this.opts.logger, (err) => {
        this.state.alarm = `the local copy could not be written: ${(err as Error).message}`;
      }, () => this.gateway?.sequence ?? 0);
    }
    return new ReplicaStore(this.local, () => this.notWriter());
  }

  /**
   * Starts following the log for `gateway` (already started from the local copy), heartbeating as
   * `endpoint`. A read node's gateway refuses admin changes from now on.
   */
  async attach(gateway: Gateway, endpoint: string): Promise<void> {
    this.gateway = gateway;
    this.endpoint = endpoint;
    this.state.applied_seq = gateway.sequence;
    // A node that has a config on disk serves it at once, even with Redis and the writer down.
    if (gateway.sequence > 0) this.state.ready = true;
    if (this.opts.mode === 'read') gateway.setWriteGuard(() => this.notWriter());
    await Promise.all([this.redis.connect().catch(() => undefined), this.blocking.connect().catch(() => undefined)]);
    if (this.opts.mode === 'write') await this.publishLocalConfig(gateway);
    this.membership.start();
    this.loop = this.follow();
  }

  /**
   * A write node that boots with a config but no history (files seeded by hand or by a
   * deployment, sequence 0) into a group whose log is empty publishes that config as the log's
   * first operations, so read nodes get it; the running config is not rebuilt. Skipped when Redis
   * cannot be reached (the log then starts with the next admin change) or the log has history.
   */
  private async publishLocalConfig(gw: Gateway): Promise<void> {
    const config = gw.config();
    if (gw.sequence !== 0 || config.plugins.length + config.pipelines.length === 0) return;
    try {
      if ((await this.log.sequence()) !== 0) return;
      const ops: Operation[] = [
        ...config.plugins.map((spec): Operation => ({ type: 'create_plugin', spec })),
        ...config.pipelines.map((spec): Operation => ({ type: 'create_pipeline', spec })),
      ];
      let state: StoredConfig = { plugins: [], pipelines: [] };
      for (const [i, op] of ops.entries()) {
        state = applyToConfig(state, op);
        await this.log.append(i + 1, op, state);
      }
      await gw.reconcile(ops.length, config);
      await this.local.replaceAll(ops.length, gw.config());
      this.opts.logger.info({ operations: ops.length }, 'published the local config as the first operations of the empty cluster log');
    } catch (err) {
      this.opts.logger.warn({ err }, 'could not publish the local config to the cluster log');
    }
  }

  snapshotState(): NodeState {
    return { ...this.state, applied_seq: this.gateway?.sequence ?? this.state.applied_seq };
  }

  members(group = this.opts.group): Promise<MemberView[]> {
    return this.membership.members(group);
  }

  /** The operation log of another group (read-only use: its sequence). */
  logOf(group: string): RedisOperationLog {
    return group === this.opts.group ? this.log : new RedisOperationLog(this.redis, group, { prefix: this.opts.prefix });
  }

  /** The write node of `group` as the members list knows it, if alive. */
  async writer(group = this.opts.group): Promise<MemberView | undefined> {
    return (await this.members(group)).find((m) => m.alive && m.mode === 'write');
  }

  /** Stops following and heartbeating, and leaves the group. */
  async close(): Promise<void> {
    this.closed = true;
    this.blocking.disconnect();
    await this.loop?.catch(() => undefined);
    await this.membership.leave();
    this.redis.disconnect();
  }

  // ---- following the log ------------------------------------------------------------------

  private async follow(): Promise<void> {
    let needCatchUp = true;
    while (!this.closed) {
      try {
        if (needCatchUp) {
          await this.catchUp();
          needCatchUp = false;
        }
        const applied = this.gateway!.sequence;
        const reply = (await this.blocking.xread('COUNT', 100, 'BLOCK', this.opts.blockMs ?? 5000, 'STREAMS', this.log.keys.log, `${applied}-0`)) as
          | [string, [string, string[]][]][]
          | null;
        this.state.log_unreachable = false;
        for (const [id, fields] of reply?.[0]?.[1] ?? []) {
          const seq = Number(id.split('-')[0]);
          if (seq <= this.gateway!.sequence) continue;
          if (seq !== this.gateway!.sequence + 1) {
            needCatchUp = true; // a gap: the log was trimmed past us, or entries were missed
            break;
          }
          await this.applyOne({ seq, op: readEntry(seq, fields, this.opts.sealer) });
        }
      } catch (err) {
        if (this.closed) return;
        if (err instanceof MalformedOperationError || err instanceof RefusedOperationError) {
          if (!(await this.repairedBySnapshot(err.seq).catch(() => false))) this.stopAt(err);
        } else {
          if (!this.state.log_unreachable) this.opts.logger.warn({ err }, 'cluster log unreachable; serving the config applied so far');
          this.state.log_unreachable = true;
        }
        needCatchUp = true;
        await this.pause(this.opts.retryMs ?? 1000);
      }
    }
  }

  /** Applies what the log holds after our sequence: operations, or the latest snapshot when they were trimmed. */
  private async catchUp(): Promise<void> {
    const gw = this.gateway!;
    const { snapshot, snapshotSeq, operations, fromSnapshot, fault } = await this.log.since(gw.sequence);
    if (fromSnapshot && snapshotSeq > gw.sequence) {
      await gw.reconcile(snapshotSeq, snapshot);
      await this.local.replaceAll(snapshotSeq, gw.config());
    }
    // The good operations in front of a bad one are applied first: the node stops right before it.
    for (const entry of operations) if (entry.seq > gw.sequence) await this.applyOne(entry);
    if (fault) throw fault;
    this.state.log_unreachable = false;
    this.state.ready = true;
    if (this.state.alarm?.startsWith('stopped at operation')) this.state.alarm = null;
    await this.membership.beat();
  }

  private async applyOne(entry: SequencedOperation): Promise<void> {
    const gw = this.gateway!;
    let applied: boolean;
    try {
      applied = await gw.apply(entry);
    } catch (err) {
      throw new RefusedOperationError(entry.seq, err);
    }
    if (!applied) return; // the write node's own change, already in place
    this.state.applied_seq = entry.seq;
    // Tell the cluster at once (the node serves the change now), so a consistent write on the
    // writer waits neither for the next beat nor for the copy to disk, which runs meanwhile.
    const beat = this.membership.beat();
    await this.local.append(entry.seq, entry.op, gw.config()).catch((err: unknown) => {
      this.opts.logger.error({ err, seq: entry.seq }, 'applied operation could not be copied to local disk');
      this.state.alarm = `the local copy could not be written: ${(err as Error).message}`;
    });
    await beat;
  }

  /**
   * Stuck before operation `seq`: a snapshot at `seq` or later (the write node's repair) replaces
   * it. True when one did.
   */
  private async repairedBySnapshot(seq: number): Promise<boolean> {
    const loaded = await this.log.load();
    if (loaded.snapshotSeq < seq) return false;
    const gw = this.gateway!;
    await gw.reconcile(loaded.snapshotSeq, loaded.snapshot);
    await this.local.replaceAll(loaded.snapshotSeq, gw.config());
    this.state.alarm = null;
    this.opts.logger.warn({ seq, snapshot: loaded.snapshotSeq }, 'skipped an unusable operation: a newer snapshot replaces it');
    return true;
  }

  /** Keeps the last valid config, counts the failure and raises the alarm; retried later. */
  private stopAt(err: MalformedOperationError | RefusedOperationError): void {
    const alarm = `stopped at operation ${err.seq}: ${err.message}`;
    if (this.state.alarm !== alarm) {
      this.state.malformed_operations++;
      this.opts.logger.error({ err, seq: err.seq }, 'cluster operation cannot be applied; keeping the last valid config');
    }
    this.state.alarm = alarm;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.opts.clock.setTimeout(resolve, ms);
    });
  }

  private record(): MemberRecord {
    const s = this.snapshotState();
    return {
      name: this.opts.nodeName,
      group: this.opts.group,
      mode: this.opts.mode,
      endpoint: this.endpoint,
      applied_seq: s.applied_seq,
      ready: s.ready && s.alarm === null,
      alarm: s.alarm,
      started_at: this.startedAt,
      pid: process.pid,
    };
  }

  /** The refusal of a change on a read node. */
  notWriter(): GatewayError {
    return new GatewayError(
      'GW_NOT_WRITER',
      `node ${this.opts.nodeName} is a read node of group ${this.opts.group}: send changes to the group's write node (GET /cluster/health/v1/${this.opts.group}/members names it)`,
    );
  }
}

/** An operation the engine refused to apply (it does not validate here). */
class RefusedOperationError extends Error {
  constructor(
    readonly seq: number,
    cause: unknown,
  ) {
    super(`operation ${seq} was refused: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RefusedOperationError';
  }
}
