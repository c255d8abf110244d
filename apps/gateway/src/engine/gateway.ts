import { replay, type ConfigStore, type StoredConfig } from '../config-store/config-store';
import type { Operation, SequencedOperation } from '../config-store/operation';
import { isDeepStrictEqual } from 'node:util';
import { GatewayError, isGatewayError } from '../errors';
import { checkSequence } from '../config-store/config-store';
import { systemClock, type Clock } from './clock';
import type { InstanceHandle } from './instance-handle';
import { defaultParallelismBounds, LinearPipeline, type ParallelismBounds } from './linear-pipeline';
import { silentLogger, type Logger } from './logger';
import { Model, type ValidPipeline, type ValidPlugin } from './model';
import { SafeRegex } from './safe-regex';
import { hasSecretFields, redactConfig, restoreSecrets } from './secret-fields';
import { MapServiceDirectory } from './service-directory';
import type { Snapshot } from './snapshot';
import { StatisticsRegistry } from './statistics/statistics-registry';
import type { PipelineSpec, PluginDescriptor, PluginSpec } from './types';

export interface GatewayOptions {
  store: ConfigStore;
  /** Plugin kinds; `builtinPlugins` from plugins/index.ts in production. */
  plugins: readonly PluginDescriptor[];
  /** @default systemClock */
  clock?: Clock;
  /** @default silentLogger */
  logger?: Logger;
  /** Bounds of dynamic parallelism. @default {min: 5, max: 5120, init: 5} */
  parallelism?: Partial<ParallelismBounds>;
  /** Time plugin runs and tasks into the statistics; off only to measure what that costs. @default true */
  statistics?: boolean;
  /** Directory for plugin state that survives a restart (revoked tokens). @default undefined (RAM only) */
  dataDir?: string;
  /** Services shared by plugins; the host may `provide` some beforehand. @default a new, empty one */
  services?: MapServiceDirectory;
}

/** List filters of the admin API. */
export interface ListFilter {
  /** A regular expression the name must match. */
  namePattern?: string;
  /** Only these types. */
  types?: readonly string[];
}

/** Options of one change. */
export interface ChangeOptions {
  /**
   * The sequence number the change must get (optimistic concurrency: the last one + 1, as read
   * from the log); lower is GW_SEQUENCE_CONFLICT, higher GW_SEQUENCE_INVALID. @default the next one
   */
  seq?: number;
  /** Told the sequence number the change got, once it is appended. */
  appended?: (seq: number) => void;
}

/** A change that went live: one operation, or (a snapshot replaced the config) the whole state. */
export type LiveChange = { kind: 'operation'; seq: number; op: Operation } | { kind: 'state'; seq: number; config: StoredConfig };

/** How a change reaches DISK: appended to the store, or (replaying another node's log) not at all. */
type Persist = (op: Operation, result: () => StoredConfig) => Promise<void>;

/**
 * The gateway engine: the model, the running pipelines, and the config store, kept in step.
 * Every change is an operation (reference §2.9): validated, launched, appended to the store with
 * its sequence number, and only then visible, one at a time; when any step fails, RAM and DISK
 * stay as they were. `apply` replays an operation another node appended, without writing.
 */
export class Gateway {
  readonly model: Model;
  /** Services plugin kinds share (the HTTP listeners, the backend health board…); drained by a graceful stop. */
  readonly services: MapServiceDirectory;
  /** Every pipeline's statistics and their shared 5-s ticker. */
  readonly statistics: StatisticsRegistry;
  private readonly store: ConfigStore;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly bounds: ParallelismBounds;
  private readonly observe: boolean;
  private readonly running = new Map<string, LinearPipeline>();
  private ops: Promise<unknown> = Promise.resolve();
  /** Plugins whose broken instance is being rebuilt (one rebuild at a time per plugin). */
  private readonly rebuilding = new Set<string>();
  private started = false;
  /** Sequence number of the last operation applied. */
  private seq = 0;
  /** Told of every change once it is live (local workers follow the primary through this). */
  private readonly changeListeners = new Set<(c: LiveChange) => void>();
  /** Changes of the running serial step, told once it ends. */
  private pendingChanges: LiveChange[] = [];
  /** Set on a read node: the error every local change is refused with. */
  private writeGuard: (() => GatewayError) | undefined;

  constructor(opts: GatewayOptions) {
    this.services = opts.services ?? new MapServiceDirectory();
    this.store = opts.store;
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.bounds = { ...defaultParallelismBounds, ...opts.parallelism };
    this.statistics = new StatisticsRegistry(this.clock, this.logger);
    this.observe = opts.statistics ?? true;
    this.model = new Model(opts.plugins, {
      clock: this.clock,
      logger: this.logger,
      services: this.services,
      pipelines: { inbox: (name) => this.running.get(name)?.inbox },
      ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }),
    });
  }

  /** Loads plugins, then pipelines, from the store and launches the pipelines. */
  async start(): Promise<void> {
    if (this.started) throw new Error('gateway already started');
    this.started = true;
    const { config, seq } = replay(await this.store.load());
    const { plugins, pipelines } = config;
    plugins.forEach((raw, i) => {
      try {
        this.model.commitPluginAdd(this.model.validatePlugin(raw));
      } catch (err) {
        throw this.bootError(`plugins[${i}]`, raw, err);
      }
    });
    for (const [i, raw] of pipelines.entries()) {
      try {
        const v = this.model.validatePipeline(raw);
        this.model.checkPipelineAdd(v);
        const { pipeline, snapshot } = await this.launch(v);
        pipeline.activate(snapshot);
        this.running.set(v.config.pipeline_name, pipeline);
        this.model.commitPipelineAdd(v);
      } catch (err) {
        await this.stop();
        throw this.bootError(`pipelines[${i}]`, raw, err);
      }
    }
    this.seq = seq;
    this.logger.info({ plugins: plugins.length, pipelines: pipelines.length, sequence: seq }, 'gateway config loaded');
  }

  /**
   * Refuses every local change with the error `guard` makes (a read node: changes come from the
   * cluster's log through `apply`). Undefined lifts the guard.
   */
  setWriteGuard(guard: (() => GatewayError) | undefined): void {
    this.writeGuard = guard;
  }

  /**
   * Calls `fn` after each change is live, in sequence order, between changes (so `withState`
   * never sees half of one). A throwing listener is logged and never fails the change.
   * Returns the unsubscribe function.
   */
  onChange(fn: (c: LiveChange) => void): () => void {
    this.changeListeners.add(fn);
    return () => this.changeListeners.delete(fn);
  }

  /** Runs `fn` with the config and its sequence number as one consistent pair, between changes. */
  withState<T>(fn: (config: StoredConfig, seq: number) => T): Promise<T> {
    return this.serial(async () => fn(this.config(), this.seq));
  }

  /** Sequence number of the last operation applied (0 before any). */
  get sequence(): number {
    return this.seq;
  }

  /** The configuration as it stands: every plugin and pipeline spec. */
  config(): StoredConfig {
    return { plugins: this.model.listPlugins(), pipelines: this.model.listPipelines() };
  }

  /**
   * The first half of a graceful stop: the listeners stop accepting connections, answer the last
   * request of each busy connection with `Connection: close` and close idle ones; resolves once
   * every connection is closed (tasks in flight and queued ones are done), or when `timeoutMs`
   * has passed and the rest were cut. Pipelines keep running: `stop` follows.
   */
  drain(timeoutMs: number): Promise<void> {
    return this.services.drain(timeoutMs);
  }

  /** Stops every pipeline and resolves once every plugin instance has closed (ports are free). */
  async stop(): Promise<void> {
    await this.serial(async () => {
      for (const p of this.running.values()) p.stop();
      this.running.clear();
      this.statistics.stop();
      await this.model.closed();
    });
  }

  // ---- plugins -------------------------------------------------------------------------------

  listPlugins(filter: ListFilter = {}): PluginSpec[] {
    const match = nameMatcher(filter);
    return this.model.listPlugins().filter((p) => match(p.config.plugin_name, p.type));
  }

  getPlugin(name: string): PluginSpec {
    const spec = this.model.getPlugin(name);
    if (!spec) throw new GatewayError('GW_NOT_FOUND', `plugin ${name} not found`, { field: 'name' });
    return spec;
  }

  /** `spec` as the admin API shows it: every secret-bearing option replaced by its redaction marker. */
  redactPlugin(spec: PluginSpec): PluginSpec {
    const schema = this.model.pluginSchema(spec.type);
    return hasSecretFields(schema) ? { type: spec.type, config: redactConfig(schema, spec.config) as PluginSpec['config'] } : spec;
  }

  /** `raw` with its redaction markers replaced by the secrets of the stored plugin of that name (a GET → PUT round trip). */
  private withSecrets(raw: unknown): unknown {
    if (raw === null || typeof raw !== 'object') return raw;
    const { type, config } = raw as { type?: unknown; config?: unknown };
    const schema = this.model.pluginSchema(type);
    if (!hasSecretFields(schema) || config === null || typeof config !== 'object') return raw;
    const name = (config as Record<string, unknown>)['plugin_name'];
    const stored = typeof name === 'string' ? this.model.getPlugin(name) : undefined;
    return { ...raw, config: restoreSecrets(schema, config, stored !== undefined && stored.type === type ? stored.config : undefined) };
  }

  createPlugin(raw: unknown, opts: ChangeOptions = {}): Promise<PluginSpec> {
    return this.change(async () => {
      const v = this.model.validatePlugin(this.withSecrets(raw));
      await this.addPlugin(v, this.persistAs(opts));
      return v.spec;
    });
  }

  /** Replaces a plugin's config; pipelines that use it move to the new instance without failing requests in flight. */
  updatePlugin(raw: unknown, opts: ChangeOptions = {}): Promise<PluginSpec> {
    return this.change(async () => {
      const v = this.model.validatePlugin(this.withSecrets(raw));
      this.model.checkPluginUpdate(v);
      await this.replaceInstance(v, this.persistAs(opts));
      return v.spec;
    });
  }

  deletePlugin(name: string, opts: ChangeOptions = {}): Promise<void> {
    return this.change(() => this.removePlugin(name, this.persistAs(opts)));
  }

  private async addPlugin(v: ValidPlugin, persist: Persist): Promise<void> {
    this.model.checkPluginAdd(v);
    await persist({ type: 'create_plugin', spec: v.spec }, () => ({ ...this.config(), plugins: [...this.model.listPlugins(), v.spec] }));
    this.model.commitPluginAdd(v);
  }

  private async removePlugin(name: string, persist: Persist): Promise<void> {
    this.model.checkPluginDelete(name);
    await persist({ type: 'delete_plugin', name }, () => ({
      ...this.config(),
      plugins: this.model.listPlugins().filter((s) => s.config.plugin_name !== name),
    }));
    this.model.commitPluginDelete(name);
  }

  /**
   * Builds the next generation of `v`'s plugin, moves every pipeline using it onto that instance,
   * persists (unless `persist` is undefined: a rebuild of an unchanged spec writes nothing and
   * tells no callback) and commits.
   */
  private async replaceInstance(v: ValidPlugin, persist: Persist | undefined): Promise<void> {
    const name = v.spec.config.plugin_name;
    const users = this.model.pipelinesUsing(name).map((n) => this.running.get(n)!);
    let handle: InstanceHandle | undefined;
    const prepared: [LinearPipeline, Snapshot][] = [];
    try {
      if (users.length > 0) {
        handle = await this.model.buildNextGeneration(v);
        for (const p of users) {
          const handles = p.currentHandles().map((h) => (h.pluginName === name ? handle! : h));
          prepared.push([p, p.prepare(handles)]);
        }
      }
      await persist?.({ type: 'update_plugin', spec: v.spec }, () => ({
        ...this.config(),
        plugins: this.model.listPlugins().map((s) => (s.config.plugin_name === name ? v.spec : s)),
      }));
    } catch (err) {
      for (const [p, snap] of prepared) p.discard(snap);
      if (handle && handle.refs <= 0) handle.close();
      throw err;
    }
    this.model.commitPluginUpdate(v, handle, persist !== undefined);
    for (const [p, snap] of prepared) p.activate(snap);
  }

  // ---- pipelines -----------------------------------------------------------------------------

  listPipelines(filter: ListFilter = {}): PipelineSpec[] {
    const match = nameMatcher(filter);
    return this.model.listPipelines().filter((p) => match(p.config.pipeline_name, p.type));
  }

  getPipeline(name: string): PipelineSpec {
    const spec = this.model.getPipeline(name);
    if (!spec) throw new GatewayError('GW_NOT_FOUND', `pipeline ${name} not found`, { field: 'name' });
    return spec;
  }

  /** The running pipeline `name` (tests and statistics read its counters). */
  pipeline(name: string): LinearPipeline | undefined {
    return this.running.get(name);
  }

  createPipeline(raw: unknown, opts: ChangeOptions = {}): Promise<PipelineSpec> {
    return this.change(async () => {
      const v = this.model.validatePipeline(raw);
      await this.addPipeline(v, this.persistAs(opts));
      return v.spec;
    });
  }

  /** Replaces a pipeline's config and relaunches only that pipeline. */
  updatePipeline(raw: unknown, opts: ChangeOptions = {}): Promise<PipelineSpec> {
    return this.change(async () => {
      const v = this.model.validatePipeline(raw);
      await this.replacePipeline(v, this.persistAs(opts));
      return v.spec;
    });
  }

  deletePipeline(name: string, opts: ChangeOptions = {}): Promise<void> {
    return this.change(async () => {
      this.model.checkPipelineDelete(name);
      this.model.checkPipelineUnreferenced(name);
      await this.removePipeline(name, this.persistAs(opts));
    });
  }

  private async addPipeline(v: ValidPipeline, persist: Persist): Promise<void> {
    this.model.checkPipelineAdd(v);
    const { pipeline: p, snapshot } = await this.launch(v);
    try {
      await persist({ type: 'create_pipeline', spec: v.spec }, () => ({ ...this.config(), pipelines: [...this.model.listPipelines(), v.spec] }));
    } catch (err) {
      p.discard(snapshot);
      p.stop();
      throw err;
    }
    p.activate(snapshot);
    this.running.set(v.config.pipeline_name, p);
    this.model.commitPipelineAdd(v);
  }

  private async replacePipeline(v: ValidPipeline, persist: Persist): Promise<void> {
    this.model.checkPipelineUpdate(v);
    const name = v.config.pipeline_name;
    const p = this.running.get(name)!;
    const snap = p.prepare(await this.acquireAll(v));
    try {
      await persist({ type: 'update_pipeline', spec: v.spec }, () => ({
        ...this.config(),
        pipelines: this.model.listPipelines().map((s) => (s.config.pipeline_name === name ? v.spec : s)),
      }));
    } catch (err) {
      p.discard(snap);
      throw err;
    }
    p.activate(snap, v.config);
    this.model.commitPipelineUpdate(v);
  }

  private async removePipeline(name: string, persist: Persist): Promise<void> {
    this.model.checkPipelineDelete(name);
    await persist({ type: 'delete_pipeline', name }, () => ({
      ...this.config(),
      pipelines: this.model.listPipelines().filter((s) => s.config.pipeline_name !== name),
    }));
    this.running.get(name)?.stop();
    this.running.delete(name);
    this.model.commitPipelineDelete(name);
  }

  // ---- replaying ------------------------------------------------------------------------------
  /**
   * Moves the running configuration to `target` as of sequence `seq` without writing anything (a
   * read node that fell behind the log's trimmed history loads the latest snapshot): removed
   * pipelines go first, then plugins are created or updated (a plugin whose type changed is
   * replaced, after the pipelines using it), then pipelines, then unused plugins go. If a step
   * is refused (a route moving between two pipelines), everything is stopped and the target is
   * built from scratch, as at boot.
   */
  reconcile(seq: number, target: StoredConfig): Promise<void> {
    return this.serial(async () => {
      try {
        await this.moveTo(target);
      } catch (err) {
        this.logger.warn({ err, sequence: seq }, 'snapshot could not be applied change by change; rebuilding the configuration');
        await this.rebuildFrom(target);
      }
      this.seq = seq;
      this.pendingChanges.push({ kind: 'state', seq, config: this.config() });
    });
  }

  private async moveTo(target: StoredConfig): Promise<void> {
    const none: Persist = async () => undefined;
    const wantPlugins = new Map(target.plugins.map((p) => [p.config.plugin_name, p]));
    const wantPipelines = new Map(target.pipelines.map((p) => [p.config.pipeline_name, p]));
    const retyped = new Set(
      this.model
        .listPlugins()
        .filter((p) => wantPlugins.has(p.config.plugin_name) && wantPlugins.get(p.config.plugin_name)!.type !== p.type)
        .map((p) => p.config.plugin_name),
    );
    for (const p of this.model.listPipelines()) {
      const name = p.config.pipeline_name;
      if (!wantPipelines.has(name) || p.config.plugin_names.some((n) => retyped.has(n))) await this.removePipeline(name, none);
    }
    for (const name of retyped) await this.removePlugin(name, none);
    for (const spec of target.plugins) {
      const have = this.model.getPlugin(spec.config.plugin_name);
      const v = this.model.validatePlugin(spec);
      if (have === undefined) await this.addPlugin(v, none);
      else if (!isDeepStrictEqual(have, v.spec)) await this.replaceInstance(v, none);
    }
    for (const spec of target.pipelines) {
      const have = this.model.getPipeline(spec.config.pipeline_name);
      const v = this.model.validatePipeline(spec);
      if (have === undefined) await this.addPipeline(v, none);
      else if (!isDeepStrictEqual(have, v.spec)) await this.replacePipeline(v, none);
    }
    for (const p of this.model.listPlugins()) if (!wantPlugins.has(p.config.plugin_name)) await this.removePlugin(p.config.plugin_name, none);
  }

  private async rebuildFrom(target: StoredConfig): Promise<void> {
    const none: Persist = async () => undefined;
    for (const p of this.model.listPipelines()) await this.removePipeline(p.config.pipeline_name, none);
    for (const p of this.model.listPlugins()) await this.removePlugin(p.config.plugin_name, none);
    await this.model.closed();
    for (const spec of target.plugins) await this.addPlugin(this.model.validatePlugin(spec), none);
    for (const spec of target.pipelines) await this.addPipeline(this.model.validatePipeline(spec), none);
  }


  /**
   * Applies an operation another node appended to the log (a read node, a local worker): the
   * same validation and launch as a local change, but nothing is written. An operation this
   * gateway already has (at or below its sequence — its own change, seen again in the log) is
   * skipped: false. One beyond the next is a gap: GW_SEQUENCE_INVALID, catch up first. A refused
   * operation changes nothing.
   */
  apply(entry: SequencedOperation): Promise<boolean> {
    return this.serial(async () => {
      if (entry.seq <= this.seq) return false;
      checkSequence(entry.seq, this.seq);
      const done: Persist = async () => {
        // Nothing to write; the sequence moves when the change commits.
      };
      const op = entry.op;
      switch (op.type) {
        case 'create_plugin':
          await this.addPlugin(this.model.validatePlugin(op.spec), done);
          break;
        case 'update_plugin': {
          const v = this.model.validatePlugin(op.spec);
          this.model.checkPluginUpdate(v);
          await this.replaceInstance(v, done);
          break;
        }
        case 'delete_plugin':
          await this.removePlugin(op.name, done);
          break;
        case 'create_pipeline':
          await this.addPipeline(this.model.validatePipeline(op.spec), done);
          break;
        case 'update_pipeline':
          await this.replacePipeline(this.model.validatePipeline(op.spec), done);
          break;
        case 'delete_pipeline':
          await this.removePipeline(op.name, done);
          break;
      }
      this.seq = entry.seq;
      this.pendingChanges.push({ kind: 'operation', seq: entry.seq, op });
      return true;
    });
  }

  // ---- internals -----------------------------------------------------------------------------

  /** Builds a pipeline and prepares its first snapshot; nothing serves until it is activated. */
  private async launch(v: ValidPipeline): Promise<{ pipeline: LinearPipeline; snapshot: Snapshot }> {
    const handles = await this.acquireAll(v);
    const p = new LinearPipeline(v.config, this.clock, this.logger, this.statistics, this.bounds, this.observe);
    p.onBroken = (h) => this.rebuildBroken(h);
    try {
      return { pipeline: p, snapshot: p.prepare(handles) };
    } catch (err) {
      p.stop();
      throw err;
    }
  }

  private async acquireAll(v: ValidPipeline): Promise<InstanceHandle[]> {
    const handles: InstanceHandle[] = [];
    try {
      for (const name of v.config.plugin_names) handles.push(await this.model.acquire(name));
    } catch (err) {
      for (const h of handles) if (h.refs <= 0) h.close();
      throw err;
    }
    return handles;
  }

  /**
   * A plugin instance threw: rebuild it in RAM from its current spec — nothing is written (on a
   * read node there is nothing it could write to), no callback runs — one rebuild per plugin at a
   * time. A rebuild that fails leaves the instance in place, so the next failure tries again.
   */
  private rebuildBroken(handle: InstanceHandle): void {
    const name = handle.pluginName;
    if (handle.dismissed || this.rebuilding.has(name)) return;
    this.rebuilding.add(name);
    void this.serial(async () => {
      const spec = this.model.getPlugin(name);
      // Already replaced (an update or an earlier rebuild) or deleted meanwhile: nothing to do.
      if (handle.dismissed || spec === undefined) return;
      await this.replaceInstance(this.model.validatePlugin(spec), undefined);
    })
      .catch((err: unknown) => this.logger.error({ err, plugin: name }, 'rebuilding a failed plugin instance failed'))
      .finally(() => this.rebuilding.delete(name));
  }

  /** A local change's persistence: appended to the store as number `opts.seq` (default: the next). */
  private persistAs(opts: ChangeOptions): Persist {
    return async (op, result) => {
      const n = opts.seq ?? this.seq + 1;
      await this.store.append(n, op, result());
      this.seq = n;
      this.pendingChanges.push({ kind: 'operation', seq: n, op });
      opts.appended?.(n);
    };
  }

  /** Runs a local change (refused at once by the write guard of a read node) in turn. */
  private change<T>(op: () => Promise<T>): Promise<T> {
    const refused = this.writeGuard?.();
    return refused ? Promise.reject(refused) : this.serial(op);
  }

  /** Runs admin operations one at a time, in arrival order. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const step = async (): Promise<T> => {
      try {
        return await op();
      } finally {
        this.tellChanges();
      }
    };
    const run = this.ops.then(step, step);
    this.ops = run.catch(() => undefined);
    return run;
  }

  private tellChanges(): void {
    const changes = this.pendingChanges;
    if (changes.length === 0) return;
    this.pendingChanges = [];
    for (const c of changes) {
      for (const fn of this.changeListeners) {
        try {
          fn(c);
        } catch (err) {
          this.logger.error({ err, sequence: c.seq }, 'a change listener failed');
        }
      }
    }
  }

  private bootError(where: string, raw: unknown, err: unknown): GatewayError {
    const name =
      (raw as { config?: { plugin_name?: unknown; pipeline_name?: unknown } } | null)?.config?.plugin_name ??
      (raw as { config?: { pipeline_name?: unknown } } | null)?.config?.pipeline_name;
    const detail = isGatewayError(err) ? `${err.code}: ${err.message}` : String(err);
    return new GatewayError('GW_CONFIG_CORRUPT', `stored config ${where}${name ? ` (${String(name)})` : ''} cannot be loaded: ${detail}`, {
      field: where,
      cause: err,
    });
  }
}

function nameMatcher(filter: ListFilter): (name: string, type: string) => boolean {
  const re =
    filter.namePattern !== undefined && filter.namePattern !== '' ? SafeRegex.compile(filter.namePattern, 'name_pattern', 'GW_BAD_REQUEST') : undefined;
  const types = filter.types && filter.types.length > 0 ? new Set(filter.types) : undefined;
  return (name, type) => (re === undefined || re.test(name)) && (types === undefined || types.has(type));
}
