import type { Redis } from 'ioredis';
import { replay, type ConfigStore, type LoadedConfig, type StoredConfig } from '../config-store/config-store';
import { parseOperation, type Operation, type SequencedOperation } from '../config-store/operation';
import { GatewayError } from '../errors';
import { luaScript, runLua } from './lua-scripts';
import type { SecretSealer } from './secret-sealer';

/** The Redis keys of one group's operation log. */
export interface GroupKeys {
  /** The log: a stream whose entry ids are `<seq>-0`. */
  readonly log: string;
  /** The last sequence number appended. */
  readonly seq: string;
  /** The latest snapshot: a hash {seq, config}. */
  readonly snapshot: string;
}

/** Keys of `group` under `prefix`; the braces keep them in one Redis Cluster slot. @default prefix "gatehouse:cluster:" */
export function groupKeys(group: string, prefix = 'gatehouse:cluster:'): GroupKeys {
  const base = `${prefix}{${group}}:`;
  return { log: `${base}log`, seq: `${base}seq`, snapshot: `${base}snapshot` };
}

/** Tuning of the log. */
export interface OperationLogOptions {
  /** Store a snapshot every this many operations. @default 100 */
  snapshotEvery?: number;
  /** Operations kept in the log before the latest snapshot, for readers a little behind. @default 1000 */
  keepBeforeSnapshot?: number;
  /** Seals secret-bearing options on the way in, opens them on the way out. @default none: specs as they are */
  sealer?: SecretSealer;
}

/** One stream entry as ioredis returns it: [id, [field, value, ...]]. */
type StreamEntry = [string, string[]];

/** An operation the log holds that this process cannot read (corrupt, or from a newer version). */
export class MalformedOperationError extends Error {
  constructor(
    readonly seq: number,
    reason: string,
  ) {
    super(`operation ${seq} of the log is malformed: ${reason}`);
    this.name = 'MalformedOperationError';
  }
}

/**
 * A group's operation log in Redis (slide 13's Oplog, on an existing engine instead of a home-made
 * one): the writer appends with `operation_seq = max + 1` in one Lua script (a lower number is a
 * conflict, a higher one invalid — §2.9); every 100 operations it stores a snapshot and trims the
 * log behind it, so a new reader loads the snapshot plus a bounded tail instead of the history.
 */
export class RedisOperationLog implements ConfigStore {
  readonly keys: GroupKeys;
  private readonly snapshotEvery: number;
  private readonly keep: number;
  /** Seals secrets into the log and opens them out of it (undefined: specs go as they are). */
  readonly sealer: SecretSealer | undefined;

  constructor(
    private readonly redis: Redis,
    group: string,
    opts: OperationLogOptions & { prefix?: string } = {},
  ) {
    this.keys = groupKeys(group, opts.prefix);
    this.snapshotEvery = opts.snapshotEvery ?? 100;
    this.keep = opts.keepBeforeSnapshot ?? 1000;
    this.sealer = opts.sealer;
  }

  /** The snapshot and every operation after it. Throws MalformedOperationError at the first unreadable operation. */
  async load(): Promise<LoadedConfig> {
    const loaded = await this.read(undefined);
    if (loaded.fault) throw loaded.fault;
    return loaded;
  }

  /**
   * The operations after `seq`, or — when the log no longer holds them — the latest snapshot and
   * the operations after it. At the first unreadable operation it stops: `operations` holds those
   * before it and `fault` says which one, so a follower behind a bad entry still applies the good
   * ones in front of it.
   */
  async since(seq: number): Promise<LoadedConfig & { fromSnapshot: boolean; fault?: MalformedOperationError }> {
    return this.read(seq);
  }

  async append(seq: number, op: Operation, result: StoredConfig): Promise<void> {
    const reply = (await runLua(this.redis, luaScript('append', 2), [this.keys.log, this.keys.seq], [seq, JSON.stringify(this.sealer?.sealOperation(op) ?? op)])) as [string, number];
    const [status, current] = reply;
    if (status === 'conflict') {
      throw new GatewayError('GW_SEQUENCE_CONFLICT', `operation ${seq} conflicts: the log is at ${current}; read the sequence and retry with ${current + 1}`, {
        field: 'operation_seq',
      });
    }
    if (status === 'invalid') {
      throw new GatewayError('GW_SEQUENCE_INVALID', `operation ${seq} skips numbers: the log is at ${current}; the next is ${current + 1}`, {
        field: 'operation_seq',
      });
    }
    if (seq % this.snapshotEvery === 0) await this.snapshot(seq, result);
  }

  async sequence(): Promise<number> {
    return Number((await this.redis.get(this.keys.seq)) ?? 0);
  }

  /** Stores `config` as the state at `seq` (ignored when an equal or newer snapshot exists). */
  async snapshot(seq: number, config: StoredConfig): Promise<boolean> {
    const stored = await runLua(this.redis, luaScript('snapshot', 3), [this.keys.snapshot, this.keys.seq, this.keys.log], [seq, JSON.stringify(this.sealer?.sealConfig(config) ?? config), this.keep]);
    return stored === 1;
  }

  private async read(after: number | undefined): Promise<LoadedConfig & { fromSnapshot: boolean; fault?: MalformedOperationError }> {
    const [snapSeq, config, , entries] = (await runLua(
      this.redis,
      luaScript('load', 3),
      [this.keys.snapshot, this.keys.log, this.keys.seq],
      [after === undefined ? '' : after],
    )) as [number, string | null, number, StreamEntry[]];
    const fromSnapshot = after === undefined || config !== null;
    let snapshot: StoredConfig = { plugins: [], pipelines: [] };
    if (typeof config === 'string') snapshot = parseSnapshot(config, snapSeq, this.sealer);
    const operations: SequencedOperation[] = [];
    let expected = snapSeq + 1;
    try {
      for (const [id, fields] of entries) {
        const seq = Number(id.split('-')[0]);
        if (seq !== expected) throw new MalformedOperationError(expected, `the log has no operation ${expected} (next is ${seq})`);
        operations.push({ seq, op: readEntry(seq, fields, this.sealer) });
        expected++;
      }
    } catch (err) {
      if (!(err instanceof MalformedOperationError)) throw err;
      return { snapshot, snapshotSeq: snapSeq, operations, fromSnapshot, fault: err };
    }
    return { snapshot, snapshotSeq: snapSeq, operations, fromSnapshot };
  }
}

/** The operation of a stream entry's fields, its sealed secrets opened by `sealer`. */
export function readEntry(seq: number, fields: readonly string[], sealer?: SecretSealer): Operation {
  const i = fields.indexOf('op');
  if (i < 0 || i + 1 >= fields.length) throw new MalformedOperationError(seq, 'the entry has no "op" field');
  try {
    const op = parseOperation(JSON.parse(fields[i + 1]!));
    return sealer ? sealer.openOperation(op) : op;
  } catch (err) {
    throw new MalformedOperationError(seq, (err as Error).message);
  }
}

function parseSnapshot(text: string, seq: number, sealer: SecretSealer | undefined): StoredConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new MalformedOperationError(seq, `the snapshot is not JSON: ${(err as Error).message}`);
  }
  const d = doc as Partial<StoredConfig> | null;
  if (d === null || typeof d !== 'object' || !Array.isArray(d.plugins) || !Array.isArray(d.pipelines)) {
    throw new MalformedOperationError(seq, 'the snapshot is not {plugins, pipelines}');
  }
  const config = { plugins: d.plugins, pipelines: d.pipelines };
  try {
    return sealer ? sealer.openConfig(config) : config;
  } catch (err) {
    throw new MalformedOperationError(seq, `the snapshot: ${(err as Error).message}`);
  }
}

/** The configuration a group's log describes, replayed. */
export async function groupConfig(log: RedisOperationLog): Promise<{ config: StoredConfig; seq: number }> {
  return replay(await log.load());
}
