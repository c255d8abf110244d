import { LRUCache } from 'lru-cache';
import type { Clock } from '../../engine/clock';
import type { PipelineContext } from '../../engine/pipeline-context';
import type { Task } from '../../engine/task';
import { definePlugin, type PluginEnv, type PluginInstance } from '../../engine/types';
import { cacheableBytes } from '../shared/value-size';
import { simpleCommonCacheSchema, validateSimpleCommonCache, type SimpleCommonCacheConfig } from './schema';

const CACHE_BUCKET_KEY = 'cache';

interface Entry {
  value: unknown;
  bytes: number;
}

/** The cache of one pipeline: bounded by entries and bytes (LRU), entries expire on the plugin's clock. */
function newCache(c: Readonly<SimpleCommonCacheConfig>, clock: Clock): LRUCache<string, Entry> {
  return new LRUCache<string, Entry>({
    max: c.max_entries,
    maxSize: c.max_bytes,
    maxEntrySize: c.max_entry_bytes,
    sizeCalculation: (e, key) => e.bytes + key.length * 2,
    ttl: c.ttl_sec * 1000,
    updateAgeOnGet: true, // a hit renews the TTL (reference §2.5)
    ttlResolution: 0,
    perf: { now: () => clock.now() },
  });
}

/**
 * Caches the task value `cache_key` under the values of `hit_keys` (reference §2.5). A hit
 * writes the cached value back into the task, renews its TTL and, with `finish_if_hit`, ends the
 * pipeline. A miss caches the value once the task finished without an error. The cache lives in
 * the pipeline's data bucket of this instance: each pipeline has its own, a config update starts
 * afresh. Streams are never cached; read them into a buffer first (IOReader).
 */
export class SimpleCommonCache implements PluginInstance {
  private readonly caches = new Map<PipelineContext, LRUCache<string, Entry>>();

  constructor(
    private readonly c: Readonly<SimpleCommonCacheConfig>,
    private readonly env: PluginEnv,
  ) {}

  prepare(ctx: PipelineContext): () => void {
    const cache = ctx.dataBucket(this.env.pluginName, String(this.env.generation)).queryDataWithBindDefault(CACHE_BUCKET_KEY, () => newCache(this.c, this.env.clock));
    this.caches.set(ctx, cache);
    return () => {
      if (this.caches.get(ctx) === cache) this.caches.delete(ctx);
    };
  }

  run(task: Task, ctx: PipelineContext): void {
    const cache = this.caches.get(ctx);
    if (cache === undefined) throw new Error(`SimpleCommonCache ${this.env.pluginName} runs in a pipeline it was not prepared for`);
    const key = this.entryKey(task);
    if (key === undefined) return; // a hit key is missing: neither served nor stored
    const hit = cache.get(key);
    if (hit !== undefined) {
      task.setValue(this.c.cache_key, hit.value);
      if (this.c.finish_if_hit) task.finishEarly();
      return;
    }
    task.addFinishedCallback((t) => {
      if (t.error !== undefined) return;
      const value = t.value(this.c.cache_key);
      const bytes = cacheableBytes(value);
      if (bytes === undefined || bytes > this.c.max_entry_bytes) return;
      cache.set(key, { value: Buffer.isBuffer(value) ? Buffer.from(value) : value, bytes });
    });
  }

  /** The hit keys' values, each length-prefixed so no two different tuples share a key. */
  private entryKey(task: Task): string | undefined {
    let key = '';
    for (const k of this.c.hit_keys) {
      const v = task.value(k);
      let s: string;
      if (typeof v === 'string') s = v;
      else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
      else return undefined;
      key += `${s.length}:${s}`;
    }
    return key;
  }
}

export const simpleCommonCachePlugin = definePlugin<SimpleCommonCacheConfig>({
  kind: 'SimpleCommonCache',
  description: 'Caches the task value cache_key under the values of hit_keys for ttl_sec (a hit renews it); on a hit writes it back and, with finish_if_hit, ends the pipeline.',
  schema: simpleCommonCacheSchema,
  validate: validateSimpleCommonCache,
  create: (config, env) => new SimpleCommonCache(config, env),
});
