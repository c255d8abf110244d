import { TaskStatus } from '../../engine/task';
import { pluginUnderTest } from '../../../test/support/plugin-under-test';
import { simpleCommonCachePlugin } from './simple-common-cache';

const config = { hit_keys: ['PATH_INFO', 'QUERY_STRING'], cache_key: 'BODY', ttl_sec: 600 };

describe('SimpleCommonCache hits, misses and TTL', () => {
  it('misses, stores the value of a successful task, then hits and finishes early', async () => {
    const { run, finish } = pluginUnderTest(simpleCommonCachePlugin.typed, config);
    const first = run({ PATH_INFO: '/a', QUERY_STRING: 'x=1' });
    await first.done;
    expect(first.task.status).toBe(TaskStatus.Running);
    first.task.setValue('BODY', Buffer.from('hello'));
    finish(first.task);
    const second = run({ PATH_INFO: '/a', QUERY_STRING: 'x=1' });
    await second.done;
    expect(String(second.task.value('BODY'))).toBe('hello');
    expect(second.task.status).toBe(TaskStatus.Finishing);
    const other = run({ PATH_INFO: '/a', QUERY_STRING: 'x=2' });
    await other.done;
    expect(other.task.value('BODY')).toBeUndefined();
  });

  it('does not mix up tuples whose joined values agree', async () => {
    const { run, finish } = pluginUnderTest(simpleCommonCachePlugin.typed, config);
    const a = run({ PATH_INFO: '/a1', QUERY_STRING: '' });
    a.task.setValue('BODY', 'a');
    finish(a.task);
    const b = run({ PATH_INFO: '/a', QUERY_STRING: '1' });
    await b.done;
    expect(b.task.value('BODY')).toBeUndefined();
  });

  it('keeps going without finishing when finish_if_hit is false', async () => {
    const { run, finish } = pluginUnderTest(simpleCommonCachePlugin.typed, { ...config, finish_if_hit: false });
    const a = run({ PATH_INFO: '/a', QUERY_STRING: '' });
    a.task.setValue('BODY', 42);
    finish(a.task);
    const b = run({ PATH_INFO: '/a', QUERY_STRING: '' });
    await b.done;
    expect(b.task.value('BODY')).toBe(42);
    expect(b.task.status).toBe(TaskStatus.Running);
  });

  it('expires an entry ttl_sec after its last hit: each hit renews it', async () => {
    const { run, finish, clock } = pluginUnderTest(simpleCommonCachePlugin.typed, config);
    const store = run({ PATH_INFO: '/t', QUERY_STRING: '' });
    store.task.setValue('BODY', 'v');
    finish(store.task);
    const hit = async () => {
      const r = run({ PATH_INFO: '/t', QUERY_STRING: '' });
      await r.done;
      return r.task.value('BODY') === 'v';
    };
    clock.advance(599_000);
    expect(await hit()).toBe(true);
    clock.advance(599_000); // 1198 s after storing, 599 s after the hit
    expect(await hit()).toBe(true);
    clock.advance(600_001);
    expect(await hit()).toBe(false);
  });

  it('stores nothing for a failed task, a stream, or a task without a hit key', async () => {
    const { run, finish, instance } = pluginUnderTest(simpleCommonCachePlugin.typed, config);
    const failed = run({ PATH_INFO: '/f', QUERY_STRING: '' });
    failed.task.setValue('BODY', 'bad');
    failed.task.setError('backend failed', 503);
    finish(failed.task);
    const stream = run({ PATH_INFO: '/s', QUERY_STRING: '' });
    stream.task.setValue('BODY', { pipe: () => undefined });
    finish(stream.task);
    const noKey = run({ PATH_INFO: '/n' });
    noKey.task.setValue('BODY', 'x');
    finish(noKey.task);
    for (const path of ['/f', '/s']) {
      const r = run({ PATH_INFO: path, QUERY_STRING: '' });
      await r.done;
      expect(r.task.value('BODY')).toBeUndefined();
    }
    expect(instance).toBeDefined();
  });
});
