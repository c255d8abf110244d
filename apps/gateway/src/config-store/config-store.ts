import type { PipelineSpec, PluginSpec } from '../engine/types';

/** What the gateway persists: the whole plugin and pipeline sets. */
export interface StoredConfig {
  plugins: PluginSpec[];
  pipelines: PipelineSpec[];
}

/**
 * Where the model is persisted (slide 13's DISK). The gateway calls `save*` with the complete new
 * set before a change becomes visible, so a failed save leaves RAM and DISK as they were. The
 * file store is the embedded default; a clustered store (operation log) implements the same.
 */
export interface ConfigStore {
  /** Reads everything; throws GW_CONFIG_CORRUPT naming the file and position of bad content. */
  load(): Promise<StoredConfig>;
  savePlugins(plugins: readonly PluginSpec[]): Promise<void>;
  savePipelines(pipelines: readonly PipelineSpec[]): Promise<void>;
}

/** A store that keeps nothing (tests and benchmarks that configure the gateway in code). */
export class MemoryConfigStore implements ConfigStore {
  constructor(private config: StoredConfig = { plugins: [], pipelines: [] }) {}

  async load(): Promise<StoredConfig> {
    return structuredClone(this.config);
  }

  async savePlugins(plugins: readonly PluginSpec[]): Promise<void> {
    this.config = { ...this.config, plugins: structuredClone([...plugins]) };
  }

  async savePipelines(pipelines: readonly PipelineSpec[]): Promise<void> {
    this.config = { ...this.config, pipelines: structuredClone([...pipelines]) };
  }
}
