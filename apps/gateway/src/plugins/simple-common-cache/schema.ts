import type { JSONSchema } from '../../engine/schema';

/** Config of a SimpleCommonCache plugin (defaults filled in). */
export interface SimpleCommonCacheConfig {
  plugin_name: string;
  /** Task keys whose values together name a cache entry (e.g. ["PATH_INFO", "QUERY_STRING"]). */
  hit_keys: string[];
  /** Task key whose value is cached after a successful task and written back on a hit. */
  cache_key: string;
  /** Seconds an entry lives; each hit renews it. @default 600 */
  ttl_sec: number;
  /** On a hit, skip the rest of the pipeline (answer from the cache). @default true */
  finish_if_hit: boolean;
  /** Entries kept at most (least recently used go first). @default 10000 */
  max_entries: number;
  /** Bytes kept at most, keys and values counted. @default 67108864 (64 MiB) */
  max_bytes: number;
  /** Larger values are not cached. @default 1048576 (1 MiB) */
  max_entry_bytes: number;
}

const KEY = { type: 'string', minLength: 1, maxLength: 128 };

export const simpleCommonCacheSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['plugin_name', 'hit_keys', 'cache_key'],
  properties: {
    plugin_name: { type: 'string' },
    hit_keys: { type: 'array', minItems: 1, maxItems: 16, uniqueItems: true, items: KEY },
    cache_key: KEY,
    ttl_sec: { type: 'integer', minimum: 1, maximum: 31536000, default: 600 },
    finish_if_hit: { type: 'boolean', default: true },
    max_entries: { type: 'integer', minimum: 1, maximum: 10000000, default: 10000 },
    max_bytes: { type: 'integer', minimum: 1024, maximum: 17179869184, default: 67108864 },
    max_entry_bytes: { type: 'integer', minimum: 1, maximum: 1073741824, default: 1048576 },
  },
};

/** Rules across fields. */
export function validateSimpleCommonCache(c: SimpleCommonCacheConfig): { field: string; message: string } | undefined {
  if (c.max_entry_bytes > c.max_bytes) return { field: 'config.max_entry_bytes', message: 'must not exceed max_bytes' };
  if (c.hit_keys.includes(c.cache_key)) return { field: 'config.cache_key', message: 'must not be one of hit_keys' };
  return undefined;
}
