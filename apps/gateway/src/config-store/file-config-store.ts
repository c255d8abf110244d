import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { GatewayError } from '../errors';
import type { PipelineSpec, PluginSpec } from '../engine/types';
import { checkSequence, type ConfigStore, type LoadedConfig, type StoredConfig } from './config-store';
import { jsonErrorPosition } from './json-position';
import { isPluginOperation, type Operation } from './operation';

/**
 * The embedded store, a materialised operation log: `<dir>/plugins.json` =
 * `{"sequence": n, "plugins":[…]}` and `<dir>/pipelines.json` = `{"sequence": m, "pipelines":[…]}`.
 * An operation rewrites the one file it changes, with its sequence number, atomically (temp file,
 * fsync, rename, fsync of the folder), so a crash mid-write leaves either the old file or the new
 * one, never a torn one; the log's sequence is the larger of the two. Files written before
 * sequences existed read as sequence 0. One process owns a directory.
 */
export class FileConfigStore implements ConfigStore {
  private tmpSeq = 0;
  /** The log's sequence, known once the files were read. */
  private current: number | undefined;
  /** Appends of this instance, one after the other, so the sequence check and the write agree. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {}

  get pluginsFile(): string {
    return join(this.dir, 'plugins.json');
  }

  get pipelinesFile(): string {
    return join(this.dir, 'pipelines.json');
  }

  async load(): Promise<LoadedConfig> {
    await mkdir(this.dir, { recursive: true });
    const plugins = await this.readList<PluginSpec>(this.pluginsFile, 'plugins');
    const pipelines = await this.readList<PipelineSpec>(this.pipelinesFile, 'pipelines');
    this.current = Math.max(plugins.sequence, pipelines.sequence);
    return { snapshot: { plugins: plugins.list, pipelines: pipelines.list }, snapshotSeq: this.current, operations: [] };
  }

  append(seq: number, op: Operation, result: StoredConfig): Promise<void> {
    const run = this.writing.then(async () => {
      checkSequence(seq, await this.sequence());
      if (isPluginOperation(op)) await this.writeAtomically(this.pluginsFile, { sequence: seq, plugins: result.plugins });
      else await this.writeAtomically(this.pipelinesFile, { sequence: seq, pipelines: result.pipelines });
      this.current = seq;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  async sequence(): Promise<number> {
    if (this.current === undefined) await this.load();
    return this.current ?? 0;
  }

  /**
   * Writes a whole configuration at `seq` (a read node keeping what it applied, a snapshot
   * loaded from the cluster): both files, pipelines last, so a crash in between leaves the older
   * pipelines with the newer plugins — which the next write at a higher sequence replaces.
   */
  replaceAll(seq: number, config: StoredConfig): Promise<void> {
    const run = this.writing.then(async () => {
      await this.writeAtomically(this.pluginsFile, { sequence: seq, plugins: config.plugins });
      await this.writeAtomically(this.pipelinesFile, { sequence: seq, pipelines: config.pipelines });
      this.current = seq;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async readList<T>(file: string, key: 'plugins' | 'pipelines'): Promise<{ sequence: number; list: T[] }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { sequence: 0, list: [] };
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
    const sequence = (doc as Record<string, unknown>)['sequence'] ?? 0;
    if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) {
      throw new GatewayError('GW_CONFIG_CORRUPT', `${file}:1:1: "sequence" must be a whole number ≥ 0`, { field: file });
    }
    return { sequence, list: list as T[] };
  }

  private async writeAtomically(file: string, doc: object): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${++this.tmpSeq}.tmp`;
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
