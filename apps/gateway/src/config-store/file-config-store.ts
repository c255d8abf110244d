import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { GatewayError } from '../errors';
import type { PipelineSpec, PluginSpec } from '../engine/types';
import type { ConfigStore, StoredConfig } from './config-store';
import { jsonErrorPosition } from './json-position';

/**
 * The embedded store: `<dir>/plugins.json` = `{"plugins":[…]}` and `<dir>/pipelines.json` =
 * `{"pipelines":[…]}`, each replaced atomically (temp file, fsync, rename, fsync of the folder),
 * so a crash mid-write leaves either the old file or the new one, never a torn one.
 */
export class FileConfigStore implements ConfigStore {
  private seq = 0;

  constructor(readonly dir: string) {}

  get pluginsFile(): string {
    return join(this.dir, 'plugins.json');
  }

  get pipelinesFile(): string {
    return join(this.dir, 'pipelines.json');
  }

  async load(): Promise<StoredConfig> {
    await mkdir(this.dir, { recursive: true });
    const plugins = await this.readList<PluginSpec>(this.pluginsFile, 'plugins');
    const pipelines = await this.readList<PipelineSpec>(this.pipelinesFile, 'pipelines');
    return { plugins, pipelines };
  }

  savePlugins(plugins: readonly PluginSpec[]): Promise<void> {
    return this.writeAtomically(this.pluginsFile, { plugins });
  }

  savePipelines(pipelines: readonly PipelineSpec[]): Promise<void> {
    return this.writeAtomically(this.pipelinesFile, { pipelines });
  }

  private async readList<T>(file: string, key: 'plugins' | 'pipelines'): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      const { line, column } = jsonErrorPosition(text);
      throw new GatewayError('GW_CONFIG_CORRUPT', `${file}:${line}:${column}: invalid JSON (${(err as Error).message})`, {
        field: file,
        cause: err,
      });
    }
    const list = (doc as Record<string, unknown> | null)?.[key];
    if (doc === null || typeof doc !== 'object' || !Array.isArray(list)) {
      throw new GatewayError('GW_CONFIG_CORRUPT', `${file}:1:1: expected an object {"${key}": [...]}`, { field: file });
    }
    return list as T[];
  }

  private async writeAtomically(file: string, doc: object): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${++this.seq}.tmp`;
    try {
      const fh = await open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(`${JSON.stringify(doc, null, 2)}\n`, 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, file);
      const dirHandle = await open(this.dir, 'r');
      try {
        await dirHandle.sync();
      } finally {
        await dirHandle.close();
      }
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw new GatewayError('GW_PERSIST_FAILED', `could not write ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
}
