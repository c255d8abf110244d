import { replay, type ConfigStore, type StoredConfig } from '../../src/config-store/config-store';
import { applyToConfig, type Operation } from '../../src/config-store/operation';

/** How a contract run gets stores: `fresh` is a new, empty one; `reopen` another instance over the same data. */
export interface StoreFactory {
  /** True when two instances over the same data may write at once (the Redis log: several nodes). */
  sharedWriters: boolean;
  fresh(): Promise<ConfigStore>;
  reopen(store: ConfigStore): Promise<ConfigStore>;
  cleanup?(): Promise<void>;
}

const limiter = (name: string, tps = '1'): Operation => ({
  type: 'create_plugin',
  spec: { type: 'ThroughputRateLimiter', config: { plugin_name: name, tps, timeout_msec: 0 } },
});
const pipeline = (name: string, plugins: string[]): Operation => ({
  type: 'create_pipeline',
  spec: { type: 'LinearPipeline', config: { pipeline_name: name, plugin_names: plugins, parallelism: 1, max_wait_queue_length: 10 } },
});

/** Appends `ops` as 1, 2, 3… and returns the configuration they make. */
async function appendAll(store: ConfigStore, ops: Operation[]): Promise<StoredConfig> {
  let config: StoredConfig = { plugins: [], pipelines: [] };
  let seq = await store.sequence();
  for (const op of ops) {
    config = applyToConfig(config, op);
    await store.append(++seq, op, config);
  }
  return config;
}

const SCRIPT: Operation[] = [
  limiter('a'),
  limiter('b'),
  pipeline('p', ['a']),
  { type: 'update_plugin', spec: { type: 'ThroughputRateLimiter', config: { plugin_name: 'a', tps: '9', timeout_msec: 0 } } },
  { type: 'update_pipeline', spec: { type: 'LinearPipeline', config: { pipeline_name: 'p', plugin_names: ['a', 'b'], parallelism: 2, max_wait_queue_length: 10 } } },
  pipeline('q', ['b']),
  { type: 'delete_pipeline', name: 'q' },
  { type: 'delete_plugin', name: 'b' },
  limiter('c'),
];

/**
 * The contract every ConfigStore keeps (one suite, run against each store): sequence numbers
 * 1, 2, 3… with optimistic concurrency, replay to the same configuration, durability across
 * instances, and refused appends that change nothing.
 */
export function describeConfigStoreContract(name: string, gate: (name: string, fn: () => void) => void, factory: StoreFactory): void {
  gate(`ConfigStore contract: ${name}`, () => {
    afterAll(async () => factory.cleanup?.());

    it('starts empty at sequence 0', async () => {
      const s = await factory.fresh();
      expect(await s.sequence()).toBe(0);
      expect(replay(await s.load())).toEqual({ config: { plugins: [], pipelines: [] }, seq: 0 });
    });

    it('replays appended operations to the configuration they make', async () => {
      const s = await factory.fresh();
      const expected = await appendAll(s, SCRIPT);
      expect(await s.sequence()).toBe(SCRIPT.length);
      expect(replay(await s.load())).toEqual({ config: expected, seq: SCRIPT.length });
    });

    it('keeps everything for another instance over the same data', async () => {
      const s = await factory.fresh();
      const expected = await appendAll(s, SCRIPT);
      const again = await factory.reopen(s);
      expect(await again.sequence()).toBe(SCRIPT.length);
      expect(replay(await again.load())).toEqual({ config: expected, seq: SCRIPT.length });
    });

    it('refuses a taken number with GW_SEQUENCE_CONFLICT and a gap with GW_SEQUENCE_INVALID, changing nothing', async () => {
      const s = await factory.fresh();
      const expected = await appendAll(s, SCRIPT.slice(0, 3));
      const extra = limiter('z');
      const after = applyToConfig(expected, extra);
      await expect(s.append(3, extra, after)).rejects.toMatchObject({ code: 'GW_SEQUENCE_CONFLICT', status: 409, field: 'operation_seq' });
      await expect(s.append(1, extra, after)).rejects.toMatchObject({ code: 'GW_SEQUENCE_CONFLICT' });
      await expect(s.append(5, extra, after)).rejects.toMatchObject({ code: 'GW_SEQUENCE_INVALID', status: 400 });
      expect(await s.sequence()).toBe(3);
      expect(replay(await s.load()).config).toEqual(expected);
      await s.append(4, extra, after);
      expect(replay(await s.load()).config).toEqual(after);
    });

    it('lets exactly one of two appends racing for the same number win', async () => {
      const a = await factory.fresh();
      const b = factory.sharedWriters ? await factory.reopen(a) : a;
      await appendAll(a, SCRIPT.slice(0, 2));
      await b.sequence();
      const one = limiter('one');
      const two = limiter('two');
      const base = replay(await a.load()).config;
      const results = await Promise.allSettled([a.append(3, one, applyToConfig(base, one)), b.append(3, two, applyToConfig(base, two))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'GW_SEQUENCE_CONFLICT' } });
      const names = replay(await (await factory.reopen(a)).load()).config.plugins.map((p) => p.config.plugin_name);
      expect(names.filter((n) => n === 'one' || n === 'two')).toHaveLength(1);
    });
  });
}
