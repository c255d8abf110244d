import { errorCatalogue } from './plugin-errors';
import { GatewayError } from '../errors';
import { NamedCallbackSet } from './callbacks';
import type { Clock } from './clock';
import { InstanceHandle } from './instance-handle';
import type { Logger } from './logger';
import { assertValidName } from './names';
import { compileConfigSchema, deepFreeze, type JSONSchema } from './schema';
import type { PipelineSpec, PluginDescriptor, PluginSpec, ServiceDirectory } from './types';
import type { PipelineDirectory } from './cross-pipeline/directory';
import { LINEAR_PIPELINE, linearPipelineSchema, type LinearPipelineConfig } from './pipeline-config';

/** A plugin spec after validation: defaults filled, config frozen. */
export interface ValidPlugin {
  readonly spec: PluginSpec;
  readonly descriptor: PluginDescriptor;
}

/** A pipeline spec after validation. */
export interface ValidPipeline {
  readonly spec: PipelineSpec;
  readonly config: LinearPipelineConfig;
}

interface PluginEntry extends ValidPlugin {
  generation: number;
  handle: InstanceHandle | undefined;
  building: Promise<InstanceHandle> | undefined;
}

function asSpec(raw: unknown): { type: unknown; config: unknown } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new GatewayError('GW_BAD_REQUEST', 'body must be a JSON object {type, config}', { field: '' });
  }
  const r = raw as Record<string, unknown>;
  const extra = Object.keys(r).find((k) => k !== 'type' && k !== 'config');
  if (extra !== undefined) throw new GatewayError('GW_BAD_REQUEST', `unknown field ${extra}`, { field: extra });
  if (typeof r['type'] !== 'string') throw new GatewayError('GW_VALIDATION', 'type must be a string', { field: 'type' });
  if (r['config'] === null || typeof r['config'] !== 'object' || Array.isArray(r['config'])) {
    throw new GatewayError('GW_VALIDATION', 'config must be an object', { field: 'config' });
  }
  return { type: r['type'], config: r['config'] };
}

/**
 * The model is the truth in RAM (slide 13): plugin and pipeline specs, plugin instances by
 * generation, and the lifecycle callbacks. Validation is separate from committing so that the
 * gateway can launch and persist a change before it becomes visible, and undo it when either fails.
 */
export class Model {
  private readonly callbackFailed = (name: string, err: unknown): void => this.env.logger.error({ err, callback: name }, 'model change callback failed');
  readonly pluginAdded = new NamedCallbackSet<[PluginSpec]>(this.callbackFailed);
  readonly pluginUpdated = new NamedCallbackSet<[PluginSpec, PluginSpec]>(this.callbackFailed);
  readonly pluginDeleted = new NamedCallbackSet<[PluginSpec]>(this.callbackFailed);
  readonly pipelineAdded = new NamedCallbackSet<[PipelineSpec]>(this.callbackFailed);
  readonly pipelineUpdated = new NamedCallbackSet<[PipelineSpec, PipelineSpec]>(this.callbackFailed);
  readonly pipelineDeleted = new NamedCallbackSet<[PipelineSpec]>(this.callbackFailed);

  private readonly kinds = new Map<string, { descriptor: PluginDescriptor; parse: (c: unknown) => Record<string, unknown> }>();
  private readonly plugins = new Map<string, PluginEntry>();
  private readonly pipelines = new Map<string, ValidPipeline>();
  /** Instance closes still in progress (listeners draining, pools closing). */
  private readonly closing = new Set<Promise<void>>();
  private readonly parsePipeline = compileConfigSchema<LinearPipelineConfig>(LINEAR_PIPELINE, linearPipelineSchema);

  constructor(
    descriptors: readonly PluginDescriptor[],
    private readonly env: { clock: Clock; logger: Logger; services: ServiceDirectory; pipelines?: PipelineDirectory; dataDir?: string },
  ) {
    for (const d of descriptors) this.registerKind(d);
  }

  /** Adds a plugin kind; throws on an empty or duplicate kind. */
  registerKind(descriptor: PluginDescriptor): void {
    if (!descriptor.kind) throw new Error('plugin kind must not be empty');
    if (this.kinds.has(descriptor.kind)) throw new Error(`plugin kind ${descriptor.kind} registered twice`);
    // Throws when the kind declares an error code with another status than the core or a kind before it.
    errorCatalogue([...[...this.kinds.values()].map((k) => k.descriptor), descriptor]);
    const parse = compileConfigSchema<Record<string, unknown>>(descriptor.kind, descriptor.schema);
    this.kinds.set(descriptor.kind, { descriptor, parse });
  }

  pluginTypes(): { type: string; description: string; schema: JSONSchema }[] {
    return [...this.kinds.values()].map(({ descriptor: d }) => ({ type: d.kind, description: d.description, schema: d.schema }));
  }

  /** The config schema of plugin kind `type`; undefined for an unknown kind. */
  pluginSchema(type: unknown): JSONSchema | undefined {
    return typeof type === 'string' ? this.kinds.get(type)?.descriptor.schema : undefined;
  }

  pipelineTypes(): { type: string; description: string; schema: JSONSchema }[] {
    return [{ type: LINEAR_PIPELINE, description: 'Runs its plugins in order for each task.', schema: linearPipelineSchema }];
  }

  // ---- plugins -------------------------------------------------------------------------------

  /** Parses and validates a plugin spec without touching the model. */
  validatePlugin(raw: unknown): ValidPlugin {
    const { type, config } = asSpec(raw);
    const kind = this.kinds.get(type as string);
    if (kind === undefined) {
      throw new GatewayError('GW_UNKNOWN_TYPE', `unknown plugin type ${String(type)}`, { field: 'type' });
    }
    assertValidName((config as Record<string, unknown>)['plugin_name'], 'config.plugin_name');
    const parsed = kind.parse(config);
    const problem = kind.descriptor.validate?.(parsed as never);
    if (problem) throw new GatewayError('GW_VALIDATION', `${problem.field} ${problem.message}`, { field: problem.field });
    const spec = deepFreeze({ type: kind.descriptor.kind, config: parsed }) as PluginSpec;
    return { spec, descriptor: kind.descriptor };
  }

  /** Checks that `v` may be added (name free). */
  checkPluginAdd(v: ValidPlugin): void {
    const name = v.spec.config.plugin_name;
    if (this.plugins.has(name)) {
      throw new GatewayError('GW_ALREADY_EXISTS', `plugin ${name} already exists`, { field: 'config.plugin_name' });
    }
  }

  /** Checks that `v` may replace the plugin of its name (exists, same type). */
  checkPluginUpdate(v: ValidPlugin): PluginSpec {
    const name = v.spec.config.plugin_name;
    const entry = this.plugins.get(name);
    if (entry === undefined) throw new GatewayError('GW_NOT_FOUND', `plugin ${name} not found`, { field: 'config.plugin_name' });
    if (entry.spec.type !== v.spec.type) {
      throw new GatewayError('GW_TYPE_IMMUTABLE', `plugin ${name} is a ${entry.spec.type}; its type cannot change`, { field: 'type' });
    }
    return entry.spec;
  }

  /** Checks that plugin `name` exists and no pipeline uses it. */
  checkPluginDelete(name: string): PluginSpec {
    const entry = this.plugins.get(name);
    if (entry === undefined) throw new GatewayError('GW_NOT_FOUND', `plugin ${name} not found`, { field: 'name' });
    const users = this.pipelinesUsing(name);
    if (users.length > 0) {
      throw new GatewayError('GW_PLUGIN_IN_USE', `plugin ${name} is used by pipeline(s) ${users.join(', ')}`, { field: 'name' });
    }
    return entry.spec;
  }

  commitPluginAdd(v: ValidPlugin): void {
    this.checkPluginAdd(v);
    this.plugins.set(v.spec.config.plugin_name, { ...v, generation: 0, handle: undefined, building: undefined });
    this.pluginAdded.invoke(v.spec);
  }

  /**
   * Replaces the plugin's spec and bumps its generation. `prebuilt` is the new instance when the
   * gateway built it ahead (pipelines were relaunched on it); the old instance is dismissed and
   * closes when its last task is done. `notify` false is a rebuild of an unchanged spec: no
   * callback runs.
   */
  commitPluginUpdate(v: ValidPlugin, prebuilt: InstanceHandle | undefined, notify = true): void {
    const old = this.checkPluginUpdate(v);
    const entry = this.plugins.get(v.spec.config.plugin_name)!;
    const previous = entry.handle;
    entry.generation = prebuilt?.generation ?? entry.generation + 1;
    (entry as { spec: PluginSpec }).spec = v.spec;
    entry.handle = prebuilt;
    entry.building = undefined;
    if (previous) this.dismiss(previous);
    if (notify) this.pluginUpdated.invoke(v.spec, old);
  }

  commitPluginDelete(name: string): void {
    const spec = this.checkPluginDelete(name);
    const entry = this.plugins.get(name)!;
    this.plugins.delete(name);
    if (entry.handle) this.dismiss(entry.handle);
    this.pluginDeleted.invoke(spec);
  }

  getPlugin(name: string): PluginSpec | undefined {
    return this.plugins.get(name)?.spec;
  }

  listPlugins(): PluginSpec[] {
    return [...this.plugins.values()].map((e) => e.spec);
  }

  pluginType(name: string): string | undefined {
    return this.plugins.get(name)?.spec.type;
  }

  /** Names of the pipelines whose `plugin_names` include `plugin`. */
  pipelinesUsing(plugin: string): string[] {
    const out: string[] = [];
    for (const [name, p] of this.pipelines) if (p.config.plugin_names.includes(plugin)) out.push(name);
    return out;
  }

  /** The current instance of `name`, built (and started) on first use. */
  async acquire(name: string): Promise<InstanceHandle> {
    const entry = this.plugins.get(name);
    if (entry === undefined) throw new GatewayError('GW_UNKNOWN_PLUGIN', `plugin ${name} not found`, { field: 'config.plugin_names' });
    if (entry.handle && !entry.handle.isClosed) return entry.handle;
    entry.building ??= this.build(entry.spec, entry.descriptor, entry.generation).then(
      (h) => {
        // The plugin may have been updated or deleted while this build was in flight.
        if (this.plugins.get(name) !== entry || entry.generation !== h.generation) {
          h.close();
          throw new GatewayError('GW_INTERNAL', `plugin ${name} changed while it was being built; retry`);
        }
        entry.handle = h;
        entry.building = undefined;
        return h;
      },
      (err: unknown) => {
        entry.building = undefined;
        throw err;
      },
    );
    return entry.building;
  }

  /** Builds a fresh instance of `v` at the next generation, without installing it. */
  buildNextGeneration(v: ValidPlugin): Promise<InstanceHandle> {
    const entry = this.plugins.get(v.spec.config.plugin_name);
    return this.build(v.spec, v.descriptor, (entry?.generation ?? 0) + 1);
  }

  private async build(spec: PluginSpec, descriptor: PluginDescriptor, generation: number): Promise<InstanceHandle> {
    const name = spec.config.plugin_name;
    const instance = descriptor.create(spec.config, {
      clock: this.env.clock,
      logger: this.env.logger,
      services: this.env.services,
      ...(this.env.pipelines === undefined ? {} : { pipelines: this.env.pipelines }),
      pluginName: name,
      generation,
      ...(this.env.dataDir === undefined ? {} : { dataDir: this.env.dataDir }),
    });
    const handle = new InstanceHandle(name, spec.type, generation, instance, this.env.logger, (h, done) => {
      const e = this.plugins.get(name);
      if (e?.handle === h) e.handle = undefined;
      this.closing.add(done);
      void done.then(() => this.closing.delete(done));
    });
    if (instance.start) {
      try {
        await instance.start();
      } catch (err) {
        handle.close();
        throw err;
      }
    }
    return handle;
  }

  /** Resolves when every instance close started so far has finished. */
  async closed(): Promise<void> {
    while (this.closing.size > 0) await Promise.all([...this.closing]);
  }

  private dismiss(handle: InstanceHandle): void {
    handle.dismissed = true;
    if (handle.refs <= 0) handle.close();
  }

  // ---- pipelines -----------------------------------------------------------------------------

  /** Parses and validates a pipeline spec against the current plugins, without touching the model. */
  validatePipeline(raw: unknown): ValidPipeline {
    const { type, config } = asSpec(raw);
    if (type !== LINEAR_PIPELINE) {
      throw new GatewayError('GW_UNKNOWN_TYPE', `unknown pipeline type ${String(type)}`, { field: 'type' });
    }
    assertValidName((config as Record<string, unknown>)['pipeline_name'], 'config.pipeline_name');
    const parsed = this.parsePipeline(config);
    const names = parsed.plugin_names;
    names.forEach((n, i) => {
      if (!this.plugins.has(n)) {
        throw new GatewayError('GW_UNKNOWN_PLUGIN', `plugin ${n} not found`, { field: `config.plugin_names.${i}` });
      }
    });
    names.forEach((n, i) => {
      const entry = this.plugins.get(n)!;
      const problem = entry.descriptor.checkInPipeline?.(entry.spec.config as never, {
        pluginNames: names,
        index: i,
        typeOf: (other) => this.plugins.get(other)?.spec.type,
      });
      if (problem) throw new GatewayError('GW_PIPELINE_ORDER', `${problem.field} ${problem.message}`, { field: problem.field });
    });
    return { spec: deepFreeze({ type: LINEAR_PIPELINE, config: parsed }) as unknown as PipelineSpec, config: parsed };
  }

  checkPipelineAdd(v: ValidPipeline): void {
    const name = v.config.pipeline_name;
    if (this.pipelines.has(name)) {
      throw new GatewayError('GW_ALREADY_EXISTS', `pipeline ${name} already exists`, { field: 'config.pipeline_name' });
    }
  }

  checkPipelineUpdate(v: ValidPipeline): PipelineSpec {
    const name = v.config.pipeline_name;
    const old = this.pipelines.get(name);
    if (old === undefined) throw new GatewayError('GW_NOT_FOUND', `pipeline ${name} not found`, { field: 'config.pipeline_name' });
    return old.spec;
  }

  checkPipelineDelete(name: string): PipelineSpec {
    const old = this.pipelines.get(name);
    if (old === undefined) throw new GatewayError('GW_NOT_FOUND', `pipeline ${name} not found`, { field: 'name' });
    return old.spec;
  }

  /**
   * Refuses to delete a pipeline that a plugin calls by name (an UpstreamOutput's target). Only a
   * local delete is checked: replaying the log or moving to a snapshot passes through states the
   * writer never had, and a target is only ever missing for a while there.
   */
  checkPipelineUnreferenced(name: string): void {
    const callers = this.pluginsReferencing(name);
    if (callers.length > 0) {
      throw new GatewayError('GW_PIPELINE_IN_USE', `pipeline ${name} is a target of plugin(s) ${callers.join(', ')}`, { field: 'name' });
    }
  }

  /** Names of the plugins that call pipeline `name` (their kind's `referencedPipelines` lists it). */
  pluginsReferencing(name: string): string[] {
    const out: string[] = [];
    for (const [plugin, e] of this.plugins) if (e.descriptor.referencedPipelines?.(e.spec.config as never).includes(name)) out.push(plugin);
    return out;
  }

  commitPipelineAdd(v: ValidPipeline): void {
    this.checkPipelineAdd(v);
    this.pipelines.set(v.config.pipeline_name, v);
    this.pipelineAdded.invoke(v.spec);
  }

  commitPipelineUpdate(v: ValidPipeline): void {
    const old = this.checkPipelineUpdate(v);
    this.pipelines.set(v.config.pipeline_name, v);
    this.pipelineUpdated.invoke(v.spec, old);
  }

  commitPipelineDelete(name: string): void {
    const old = this.checkPipelineDelete(name);
    this.pipelines.delete(name);
    this.pipelineDeleted.invoke(old);
  }

  getPipeline(name: string): PipelineSpec | undefined {
    return this.pipelines.get(name)?.spec;
  }

  listPipelines(): PipelineSpec[] {
    return [...this.pipelines.values()].map((p) => p.spec);
  }
}
