import type { LRUCache } from 'lru-cache';
import { pluginUnderTest } from '../../../test/support/plugin-under-test';
import { simpleCommonCachePlugin } from './simple-common-cache';

describe('SimpleCommonCache bounded memory', () => {
  it('keeps at most max_entries and max_bytes under 100,000 distinct keys', () => {
    const { run, finish, ctx } = pluginUnderTest(simpleCommonCachePlugin.typed, {
      hit_keys: ['PATH_INFO'],
      cache_key: 'BODY',
      max_entries: 5000,
      max_bytes: 1024 * 1024,
      max_entry_bytes: 4096,
    });
    const body = Buffer.alloc(300, 1);
    for (let i = 0; i < 100_000; i++) {
      const r = run({ PATH_INFO: `/item/${i}` });
      r.task.setValue('BODY', body);
      finish(r.task);
    }
    const cache = ctx.dataBucket('p1', '0').queryData('cache') as LRUCache<string, object>;
    expect(cache.size).toBeLessThanOrEqual(5000);
    expect(cache.calculatedSize).toBeLessThanOrEqual(1024 * 1024);
    expect(cache.size).toBeGreaterThan(1000); // bytes bound it here: ~330 bytes an entry
  });

  it('does not cache a value larger than max_entry_bytes', async () => {
    const { run, finish } = pluginUnderTest(simpleCommonCachePlugin.typed, { hit_keys: ['PATH_INFO'], cache_key: 'BODY', max_entry_bytes: 100 });
    const r = run({ PATH_INFO: '/big' });
    r.task.setValue('BODY', 'x'.repeat(101));
    finish(r.task);
    const again = run({ PATH_INFO: '/big' });
    await again.done;
    expect(again.task.value('BODY')).toBeUndefined();
  });
});
