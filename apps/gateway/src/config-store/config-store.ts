import type { PipelineSpec, PluginSpec } from '../engine/types';
import { GatewayError } from '../errors';
import { applyToConfig, type Operation, type SequencedOperation } from './operation';

/** The whole configuration: every plugin and pipeline spec. */
export interface StoredConfig {
  plugins: PluginSpec[];
  pipelines: PipelineSpec[];
}

/** What a store holds: a snapshot at some sequence, and the operations after it, in order. */
export interface LoadedConfig {
  snapshot: StoredConfig;
  /** Sequence number of the last operation the snapshot includes (0 = empty history). */
  snapshotSeq: number;
  /** Operations `snapshotSeq + 1 …`, without gaps. */
  operations: SequencedOperation[];
}

/**
 * Where the configuration is persisted (slide 13's DISK): an operation log. A change becomes an
 * operation appended with its expected sequence number — the last one plus one — before it is
 * visible, so a failed append leaves RAM and DISK as they were. A lower number means someone else
 * appended first (GW_SEQUENCE_CONFLICT, 409); a higher one skips numbers (GW_SEQUENCE_INVALID,
 * 400). The JSON file store is the embedded implementation; the Redis log is the cluster's.
 */
export interface ConfigStore {
  /** Reads everything; throws GW_CONFIG_CORRUPT naming where bad content is. */
  load(): Promise<LoadedConfig>;
  /**
   * Appends `op` as number `seq`. `result` is the configuration after it, for stores that keep a
   * materialised snapshot (the file store writes it; the Redis log compacts with it).
   */
  append(seq: number, op: Operation, result: StoredConfig): Promise<void>;
  /** The sequence number of the last operation appended. */
  sequence(): Promise<number>;
}

/** Throws unless `seq` is `current + 1`: the optimistic-concurrency rule of every store. */
export function checkSequence(seq: number, current: number): void {
  if (seq <= current) {
    throw new GatewayError('GW_SEQUENCE_CONFLICT', `operation ${seq} conflicts: the log is at ${current}; read the sequence and retry with ${current + 1}`, {
      field: 'operation_seq',
    });
  }
  if (seq > current + 1) {
    throw new GatewayError('GW_SEQUENCE_INVALID', `operation ${seq} skips numbers: the log is at ${current}; the next is ${current + 1}`, {
      field: 'operation_seq',
    });
  }
}

/** The configuration a loaded store describes: the snapshot with its operations applied. */
export function replay(loaded: LoadedConfig): { config: StoredConfig; seq: number } {
  let config = loaded.snapshot;
  for (const { op } of loaded.operations) config = applyToConfig(config, op);
  return { config, seq: loaded.snapshotSeq + loaded.operations.length };
}

/** A store in RAM (tests, benchmarks): an operation log with no snapshots. */
export class MemoryConfigStore implements ConfigStore {
  private readonly ops: SequencedOperation[] = [];

  constructor(private readonly initial: StoredConfig = { plugins: [], pipelines: [] }) {}

  async load(): Promise<LoadedConfig> {
    return { snapshot: structuredClone(this.initial), snapshotSeq: 0, operations: structuredClone(this.ops) };
  }

  async append(seq: number, op: Operation, _result?: StoredConfig): Promise<void> {
    checkSequence(seq, this.ops.length);
    this.ops.push({ seq, op: structuredClone(op) });
  }

  async sequence(): Promise<number> {
    return this.ops.length;
  }
}
