/**
 * Per-pipeline state that plugins keep between tasks. A bucket is keyed by plugin name and
 * instance id: an instance's own bucket dies with the instance, while instance id `"*"` (or empty)
 * gives a bucket that survives rebuilds and dies with the plugin.
 */
export class DataBucket {
  private readonly data = new Map<string, unknown>();

  bindData(key: string, value: unknown): unknown {
    const old = this.data.get(key);
    this.data.set(key, value);
    return old;
  }

  queryData(key: string): unknown {
    return this.data.get(key);
  }

  /** Returns the value under `key`, binding `make()` first when there is none. */
  queryDataWithBindDefault<T>(key: string, make: () => T): T {
    if (this.data.has(key)) return this.data.get(key) as T;
    const v = make();
    this.data.set(key, v);
    return v;
  }

  unbindData(key: string): unknown {
    const old = this.data.get(key);
    this.data.delete(key);
    return old;
  }
}

/** The id that selects a plugin-wide bucket. */
export const PLUGIN_WIDE = '*';
