import type { Clock } from './clock';
import type { PipelineContext } from './pipeline-context';
import type { Task } from './task';
import type { Logger } from './logger';
import type { JSONSchema } from './schema';
import type { PipelineDirectory } from './cross-pipeline/directory';
import type { PluginErrors } from './plugin-errors';

/** A plugin as the admin API and the config files carry it. `config.plugin_name` names it. */
export interface PluginSpec {
  type: string;
  config: Record<string, unknown> & { plugin_name: string };
}

/** A pipeline as the admin API and the config files carry it. */
export interface PipelineSpec {
  type: string;
  config: Record<string, unknown> & { pipeline_name: string; plugin_names: string[] };
}

/**
 * A running plugin instance. Instances are shared by every pipeline that lists the plugin and by
 * all tasks in flight, so `run` must be re-entrant; per-pipeline state lives in data buckets.
 */
export interface PluginInstance {
  /** Acquires what must be acquired asynchronously (a listening socket) before first use. */
  start?(): Promise<void>;
  /**
   * Called once per (pipeline context, instance) before the first `run`. May throw a
   * GatewayError (e.g. a route conflict) to refuse the pipeline. Returns an undo function that
   * the pipeline calls when it stops using this instance in that context.
   */
  prepare?(ctx: PipelineContext): (() => void) | void;
  /**
   * Processes one task. User-caused failures go on the task (`task.setError`); throwing means the
   * instance itself is broken and is rebuilt. Return a promise only when the work is async.
   */
  run(task: Task, ctx: PipelineContext): void | Promise<void>;
  /**
   * Called when a pipeline snapshot holding this instance goes live (after the change was
   * persisted). An HTTPServer starts serving its socket here, so a refused update never serves.
   */
  activate?(ctx: PipelineContext): void;
  /** Releases what the instance holds (sockets, listeners); called once nothing uses it. */
  close?(): void | Promise<void>;
}

/** Shared facilities a plugin instance receives when built. */
export interface PluginEnv {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Named services shared between plugin kinds (the HTTP server directory, pools…). */
  readonly services: ServiceDirectory;
  /** The `config.plugin_name` of the plugin being built. */
  readonly pluginName: string;
  /** Instance generation, bumped on each rebuild. */
  readonly generation: number;
  /** The running pipelines, for cross-pipeline calls. @default none (every pipeline is missing) */
  readonly pipelines?: PipelineDirectory;
  /** The gateway's data directory, for plugin state that must survive a restart; undefined when embedded without one. */
  readonly dataDir?: string;
}

/** Process-wide singletons that plugin kinds share, created on first use. */
export interface ServiceDirectory {
  get<T>(key: string, create: () => T): T;
}

/**
 * A shared service with work in flight that a graceful stop waits for (the HTTP listeners: their
 * open connections). `drain` stops taking new work and resolves once the work in flight is done,
 * or cuts it when `timeoutMs` has passed.
 */
export interface Drainable {
  drain(timeoutMs: number): Promise<void>;
}

/** Context for a config rule that spans objects (e.g. an HTTPInput's server must be earlier). */
export interface PipelineCheckContext {
  /** Plugin names of the pipeline in order. */
  readonly pluginNames: readonly string[];
  /** Position of the plugin under check. */
  readonly index: number;
  /** Type of a plugin by name, or undefined when it does not exist. */
  typeOf(name: string): string | undefined;
}

/** A config as the engine holds it before a kind's own type applies: validated against its schema. */
export type AnyPluginConfig = { plugin_name: string } & Record<string, unknown>;

/** Everything the engine knows about one plugin kind; `plugins/index.ts` lists the built-ins. */
export interface PluginDescriptor<C extends { plugin_name: string } = AnyPluginConfig> {
  /** The spec `type`, e.g. `HTTPServer`. */
  readonly kind: string;
  readonly description: string;
  /** JSON Schema of `config`; served by `GET /admin/v1/plugin-types`. */
  readonly schema: JSONSchema;
  /** The error codes this kind raises (`defineErrors` in its folder); part of docs/errors.md. */
  readonly errors?: PluginErrors;
  /** Rules a schema cannot say (cross-field); return a message and field to refuse. */
  validate?(config: C): { field: string; message: string } | undefined;
  /** Rules about where in a pipeline this kind may stand. */
  checkInPipeline?(config: C, ctx: PipelineCheckContext): { field: string; message: string } | undefined;
  /**
   * Pipelines this plugin calls by name (an UpstreamOutput's targets). While it names one, that
   * pipeline cannot be deleted (GW_PIPELINE_IN_USE); a name may precede its pipeline.
   */
  referencedPipelines?(config: C): readonly string[];
  /** Builds an instance from a validated, frozen config. */
  create(config: Readonly<C>, env: PluginEnv): PluginInstance;
}

/** A plugin kind as the engine lists it, with its typed descriptor for code that builds one directly (tests, benches). */
export type DefinedPlugin<C extends { plugin_name: string }> = PluginDescriptor & { readonly typed: PluginDescriptor<C> };

/**
 * Declares a plugin kind with its own config type and returns it as the engine lists it. The
 * engine only hands `validate`, `checkInPipeline`, `referencedPipelines` and `create` a config that passed the kind's
 * JSON Schema (with defaults filled in), which is what makes narrowing it to `C` sound; this is
 * the one place that narrowing happens, so `plugins/index.ts` is a plain typed array.
 */
export function definePlugin<C extends { plugin_name: string }>(d: PluginDescriptor<C>): DefinedPlugin<C> {
  const narrow = (config: AnyPluginConfig): C => config as C;
  const { validate, checkInPipeline, referencedPipelines, create } = d;
  return {
    kind: d.kind,
    description: d.description,
    schema: d.schema,
    ...(d.errors === undefined ? {} : { errors: d.errors }),
    ...(validate === undefined ? {} : { validate: (c: AnyPluginConfig) => validate(narrow(c)) }),
    ...(checkInPipeline === undefined ? {} : { checkInPipeline: (c: AnyPluginConfig, ctx: PipelineCheckContext) => checkInPipeline(narrow(c), ctx) }),
    ...(referencedPipelines === undefined ? {} : { referencedPipelines: (c: AnyPluginConfig) => referencedPipelines(narrow(c)) }),
    create: (c, env) => create(narrow(c), env),
    typed: d,
  };
}
