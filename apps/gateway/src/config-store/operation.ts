import type { PipelineSpec, PluginSpec } from '../engine/types';
import type { StoredConfig } from './config-store';

/**
 * One change of the configuration: the unit the stores append and the nodes replay (reference
 * §2.9's ContentCreatePlugin … ContentDeletePipeline). Specs are stored with defaults filled in.
 */
export type Operation =
  | { readonly type: 'create_plugin'; readonly spec: PluginSpec }
  | { readonly type: 'update_plugin'; readonly spec: PluginSpec }
  | { readonly type: 'delete_plugin'; readonly name: string }
  | { readonly type: 'create_pipeline'; readonly spec: PipelineSpec }
  | { readonly type: 'update_pipeline'; readonly spec: PipelineSpec }
  | { readonly type: 'delete_pipeline'; readonly name: string };

export type OperationType = Operation['type'];

/** An operation with its place in the log: 1, 2, 3… with no gaps. */
export interface SequencedOperation {
  readonly seq: number;
  readonly op: Operation;
}

/** The name an operation is about. */
export function operationTarget(op: Operation): string {
  if ('name' in op) return op.name;
  return op.type.endsWith('_plugin') ? (op.spec as PluginSpec).config.plugin_name : (op.spec as PipelineSpec).config.pipeline_name;
}

/**
 * The configuration after `op`, computed without any validation (the engine validated it before
 * it was appended). Stores use it to materialise snapshots; it never changes `state`.
 */
export function applyToConfig(state: StoredConfig, op: Operation): StoredConfig {
  switch (op.type) {
    case 'create_plugin':
      return { ...state, plugins: [...state.plugins, op.spec] };
    case 'update_plugin':
      return { ...state, plugins: state.plugins.map((p) => (p.config.plugin_name === op.spec.config.plugin_name ? op.spec : p)) };
    case 'delete_plugin':
      return { ...state, plugins: state.plugins.filter((p) => p.config.plugin_name !== op.name) };
    case 'create_pipeline':
      return { ...state, pipelines: [...state.pipelines, op.spec] };
    case 'update_pipeline':
      return { ...state, pipelines: state.pipelines.map((p) => (p.config.pipeline_name === op.spec.config.pipeline_name ? op.spec : p)) };
    case 'delete_pipeline':
      return { ...state, pipelines: state.pipelines.filter((p) => p.config.pipeline_name !== op.name) };
  }
}

/** True when `op` changes plugins (else pipelines). */
export function isPluginOperation(op: Operation): boolean {
  return op.type.endsWith('_plugin');
}

const TYPES: ReadonlySet<string> = new Set<OperationType>([
  'create_plugin',
  'update_plugin',
  'delete_plugin',
  'create_pipeline',
  'update_pipeline',
  'delete_pipeline',
]);

/**
 * Reads an operation that came from outside this process (the Redis log, a worker's IPC
 * channel): only its shape is checked here — the engine validates the spec when it applies it.
 * Throws a plain Error saying what is wrong.
 */
export function parseOperation(raw: unknown): Operation {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('an operation must be a JSON object');
  const r = raw as Record<string, unknown>;
  const type = r['type'];
  if (typeof type !== 'string' || !TYPES.has(type)) throw new Error(`unknown operation type ${JSON.stringify(type)}`);
  if (type === 'delete_plugin' || type === 'delete_pipeline') {
    if (typeof r['name'] !== 'string' || r['name'] === '') throw new Error(`${type} needs a name`);
    return { type, name: r['name'] };
  }
  const spec = r['spec'] as Record<string, unknown> | null | undefined;
  const config = spec?.['config'] as Record<string, unknown> | null | undefined;
  if (spec === null || typeof spec !== 'object' || typeof spec['type'] !== 'string' || config === null || typeof config !== 'object') {
    throw new Error(`${type} needs a spec {type, config}`);
  }
  if (type.endsWith('_plugin')) {
    const name = config['plugin_name'];
    if (typeof name !== 'string') throw new Error(`${type} spec needs config.plugin_name`);
    return { type: type as 'create_plugin' | 'update_plugin', spec: { type: spec['type'], config: { ...config, plugin_name: name } } };
  }
  const name = config['pipeline_name'];
  const plugins = config['plugin_names'];
  if (typeof name !== 'string' || !Array.isArray(plugins) || !plugins.every((p) => typeof p === 'string')) {
    throw new Error(`${type} spec needs config.pipeline_name and config.plugin_names`);
  }
  return {
    type: type as 'create_pipeline' | 'update_pipeline',
    spec: { type: spec['type'], config: { ...config, pipeline_name: name, plugin_names: plugins as string[] } },
  };
}
