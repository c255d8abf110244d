import type { Clock } from '../engine/clock';
import type { ChangeOptions, Gateway } from '../engine/gateway';
import type { PipelineSpec, PluginSpec } from '../engine/types';
import { GatewayError, isGatewayError } from '../errors';
import type { ClusterNode } from './cluster-node';
import type { MemberView } from './membership';

/** Options of a cluster change (§2.9): the sequence it must get, and whether to wait for the readers. */
export interface ClusterChangeOptions {
  /** The log's sequence + 1, as the client read it; absent = the next one. */
  operation_seq?: number;
  /** Wait until every live read node of the group applied it. @default false */
  consistent?: boolean;
  /** Longest wait for the readers, seconds. @default 30 */
  timeout_sec?: number;
}

/** What a cluster change answers. */
export interface ClusterChangeResult<T> {
  /** The stored spec (undefined for a delete). */
  spec: T | undefined;
  operation_seq: number;
  /** With `consistent`: read nodes that applied it in time, and those that did not. */
  applied?: string[];
  lagging?: string[];
}

/** The cluster health answer of a group. */
export interface GroupHealth {
  group: string;
  /** The log's sequence. */
  sequence: number;
  alive_count: number;
  failed_count: number;
  members: (MemberView & { max_sequence: number; synced: boolean; sync_lag: number })[];
}

type Change<T> = (opts: ChangeOptions) => Promise<T>;

const POLL_MS = 20;

/**
 * The cluster admin API's logic (§2.9), framework-free: changes go to the group's write node
 * with `operation_seq` (conflicts surface as 409, gaps as 400); `consistent` waits until every
 * live read node of the group has applied the change, or reports which lag; the sequence and
 * the members of any group are read from Redis.
 */
export class ClusterAdmin {
  constructor(
    private readonly node: ClusterNode,
    private readonly gateway: Gateway,
    private readonly clock: Clock,
  ) {}

  /** This node's group. */
  get group(): string {
    return this.node.group;
  }

  sequence(group: string): Promise<number> {
    return fromRedis(() => this.node.logOf(group).sequence());
  }

  async health(group: string): Promise<GroupHealth> {
    const [members, sequence] = await Promise.all([fromRedis(() => this.node.members(group)), this.sequence(group)]);
    return {
      group,
      sequence,
      alive_count: members.filter((m) => m.alive).length,
      failed_count: members.filter((m) => !m.alive).length,
      members: members.map((m) => ({ ...m, max_sequence: m.applied_seq, synced: m.applied_seq === sequence, sync_lag: sequence - m.applied_seq })),
    };
  }

  createPlugin(group: string, spec: unknown, o: ClusterChangeOptions): Promise<ClusterChangeResult<PluginSpec>> {
    return this.change(group, o, async (opts) => this.gateway.redactPlugin(await this.gateway.createPlugin(spec, opts)));
  }

  updatePlugin(group: string, spec: unknown, o: ClusterChangeOptions): Promise<ClusterChangeResult<PluginSpec>> {
    return this.change(group, o, async (opts) => this.gateway.redactPlugin(await this.gateway.updatePlugin(spec, opts)));
  }

  deletePlugin(group: string, name: string, o: ClusterChangeOptions): Promise<ClusterChangeResult<undefined>> {
    return this.change(group, o, async (opts) => {
      await this.gateway.deletePlugin(name, opts);
      return undefined;
    });
  }

  createPipeline(group: string, spec: unknown, o: ClusterChangeOptions): Promise<ClusterChangeResult<PipelineSpec>> {
    return this.change(group, o, (opts) => this.gateway.createPipeline(spec, opts));
  }

  updatePipeline(group: string, spec: unknown, o: ClusterChangeOptions): Promise<ClusterChangeResult<PipelineSpec>> {
    return this.change(group, o, (opts) => this.gateway.updatePipeline(spec, opts));
  }

  deletePipeline(group: string, name: string, o: ClusterChangeOptions): Promise<ClusterChangeResult<undefined>> {
    return this.change(group, o, async (opts) => {
      await this.gateway.deletePipeline(name, opts);
      return undefined;
    });
  }

  /**
   * The write node publishes its config as the state at the log's sequence: every node stuck at
   * an operation it cannot apply (a corrupt entry) moves to it. The operations after the write
   * node's own sequence are superseded, so it is an operator's tool, logged as such.
   */
  async repair(group: string): Promise<{ sequence: number }> {
    this.checkOwnGroup(group);
    if (this.node.mode !== 'write') throw this.node.notWriter();
    return fromRedis(async () => {
      const sequence = await this.node.log.sequence();
      await this.node.log.snapshot(sequence, this.gateway.config());
      return { sequence };
    });
  }

  /** Reads of a group's config are this node's model, so only its own group. */
  checkOwnGroup(group: string): void {
    if (group !== this.node.group) {
      throw new GatewayError('GW_NOT_FOUND', `group ${group} is not this node's group (${this.node.group}); ask one of its members`, { field: 'group' });
    }
  }

  private async change<T>(group: string, o: ClusterChangeOptions, run: Change<T>): Promise<ClusterChangeResult<T>> {
    this.checkOwnGroup(group);
    let seq = 0;
    const spec = await run({ ...(o.operation_seq === undefined ? {} : { seq: o.operation_seq }), appended: (n) => (seq = n) });
    if (!o.consistent) return { spec, operation_seq: seq };
    const { applied, lagging } = await this.waitForReaders(seq, (o.timeout_sec ?? 30) * 1000);
    return { spec, operation_seq: seq, applied, lagging };
  }

  /** Polls the members until every live read node applied `seq`, or `timeoutMs` passed. */
  private async waitForReaders(seq: number, timeoutMs: number): Promise<{ applied: string[]; lagging: string[] }> {
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      const readers = (await this.node.members()).filter((m) => m.alive && m.mode === 'read');
      const lagging = readers.filter((m) => m.applied_seq < seq).map((m) => m.name);
      const applied = readers.filter((m) => m.applied_seq >= seq).map((m) => m.name);
      if (lagging.length === 0 || this.clock.now() >= deadline) return { applied, lagging };
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, Math.min(POLL_MS, deadline - this.clock.now())));
    }
  }

}

/** Runs a Redis read; a connection failure becomes GW_CLUSTER_UNAVAILABLE (503). */
async function fromRedis<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (isGatewayError(err)) throw err;
    throw new GatewayError('GW_CLUSTER_UNAVAILABLE', `the cluster's Redis cannot be reached: ${(err as Error).message}`, { cause: err });
  }
}

/** Reads `{type, config, operation_seq?, consistent?, timeout_sec?}`: the spec and the change options. */
export function splitClusterBody(body: unknown): { spec: { type: unknown; config: unknown }; options: ClusterChangeOptions } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GatewayError('GW_BAD_REQUEST', 'body must be a JSON object {type, config, operation_seq?, consistent?, timeout_sec?}');
  }
  const { operation_seq, consistent, timeout_sec, ...spec } = body as Record<string, unknown>;
  return { spec: spec as { type: unknown; config: unknown }, options: changeOptions(operation_seq, consistent, timeout_sec) };
}

/** Checks the change options, from a body or a query string (strings accepted there). */
export function changeOptions(operationSeq: unknown, consistent: unknown, timeoutSec: unknown): ClusterChangeOptions {
  const o: ClusterChangeOptions = {};
  const num = (v: unknown): number => (typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'number' ? v : NaN);
  if (operationSeq !== undefined) {
    const n = num(operationSeq);
    if (!Number.isSafeInteger(n) || n < 1) throw new GatewayError('GW_BAD_REQUEST', 'operation_seq must be a whole number ≥ 1', { field: 'operation_seq' });
    o.operation_seq = n;
  }
  if (consistent !== undefined) {
    if (consistent !== true && consistent !== false && consistent !== 'true' && consistent !== 'false') {
      throw new GatewayError('GW_BAD_REQUEST', 'consistent must be true or false', { field: 'consistent' });
    }
    o.consistent = consistent === true || consistent === 'true';
  }
  if (timeoutSec !== undefined) {
    const n = num(timeoutSec);
    if (!Number.isFinite(n) || n <= 0 || n > 300) throw new GatewayError('GW_BAD_REQUEST', 'timeout_sec must be a number in (0, 300]', { field: 'timeout_sec' });
    o.timeout_sec = n;
  }
  return o;
}
