// RedisStorage's backfill leases on a real Redis: a miss hands out one lease, writes revoke it,
// a backfill under a revoked or expired lease is dropped; two proxies racing keep Redis fresh.
import type Redis from 'ioredis';
import { type Key, MemoryStorage, type Storage, StorageProxy } from '../src';
import { createHash, randomUUID } from 'node:crypto';
import { createCacheRedis, RedisStorage } from '../src/redis';
import { runScript, runScriptPipeline } from '../src/redis/scripts';
import { adminRedis, deleteRedisKeys, describeWithRedis, redisUrl, uniqueId } from './services';

/** A database whose reads can be held after they read (the reply is late, the value is old). */
class SlowReadDb implements Storage<string> {
  readonly rows = new MemoryStorage<string>();
  private hold: Promise<void> | undefined;
  private releaseHold: (() => void) | undefined;
  private readStarted: (() => void) | undefined;
  holdNextRead(): { started: Promise<void>; release: () => void } {
    this.hold = new Promise((resolve) => (this.releaseHold = resolve));
    const started = new Promise<void>((resolve) => (this.readStarted = resolve));
    return { started, release: () => this.releaseHold?.() };
  }
  async get(key: Key): Promise<string> {
    const value = await this.rows.get(key);
    const hold = this.hold;
    this.hold = undefined;
    this.readStarted?.();
    if (hold) await hold;
    return value;
  }
  set = (key: Key, value: string): Promise<void> => this.rows.set(key, value);
  add = (key: Key | null, value: string): Promise<Key> => this.rows.add(key, value);
  multiGet = (keys: readonly Key[]): Promise<Map<Key, string>> => this.rows.multiGet(keys);
  multiSet = (entries: ReadonlyMap<Key, string>): Promise<void> => this.rows.multiSet(entries);
  delete = (...keys: Key[]): Promise<void> => this.rows.delete(...keys);
}

describeWithRedis('RedisStorage backfill leases', () => {
  const prefix = uniqueId('gh:storage-proxy:lease:');
  let redis: Redis;
  let admin: Redis;
  let storage: RedisStorage<string>;
  beforeAll(async () => {
    redis = createCacheRedis(redisUrl());
    admin = adminRedis();
    await new Promise((resolve) => redis.once('ready', resolve));
    storage = new RedisStorage<string>({ redis, prefix, commandTimeoutMs: 1000, ttlSec: 60 });
  });
  afterAll(async () => {
    await deleteRedisKeys(admin, prefix);
    await admin.quit();
    await redis.quit();
  });

  test('a miss hands out one lease at a time; filling under it stores the value and frees it', async () => {
    const first = await storage.getOrLease('a');
    const second = await storage.getOrLease('a');
    expect(first.hit).toBe(false);
    expect(first.hit === false && typeof first.lease).toBe('string');
    expect(second).toEqual({ hit: false, lease: null });
    expect(await storage.fillIfLeased('a', 'A', (first as { lease: string }).lease)).toBe(true);
    expect(await storage.getOrLease('a')).toEqual({ hit: true, value: 'A' });
    expect(await admin.exists(storage.leaseKey('a'))).toBe(0);
    expect(await admin.ttl(storage.redisKey('a'))).toBeGreaterThan(0);
  });

  test.each([
    ['set', (s: RedisStorage<string>) => s.set('b', 'new')],
    ['multiSet', (s: RedisStorage<string>) => s.multiSet(new Map([['b', 'new']]))],
    ['delete', (s: RedisStorage<string>) => s.delete('b')],
    ['incr', (s: RedisStorage<string>) => s.incr('b')],
  ])('a %s revokes the lease: the late backfill is dropped', async (_name, write) => {
    await storage.delete('b');
    const read = await storage.getOrLease('b');
    await write(storage);
    const before = await admin.get(storage.redisKey('b'));
    expect(await storage.fillIfLeased('b', 'old', (read as { lease: string }).lease)).toBe(false);
    expect(await admin.get(storage.redisKey('b'))).toBe(before);
  });

  test('multiGetOrLease: hits, leases for free misses, none for held ones; a write revokes one fill only', async () => {
    await storage.delete('m1', 'm2', 'm3', 'm4');
    await storage.set('m1', 'one');
    const other = await storage.getOrLease('m4'); // someone else is filling m4
    const { found, leases } = await storage.multiGetOrLease(['m1', 'm2', 'm3', 'm4']);
    expect([...found]).toEqual([['m1', 'one']]);
    expect([...leases.keys()]).toEqual(['m2', 'm3']);
    await storage.set('m3', 'written'); // revokes m3's lease
    const stored = await storage.multiFillIfLeased(
      new Map([
        ['m2', { value: 'two', lease: leases.get('m2')! }],
        ['m3', { value: 'stale', lease: leases.get('m3')! }],
      ]),
    );
    expect(stored).toEqual(['m2']);
    expect(await storage.multiGet(['m2', 'm3'])).toEqual(new Map([['m2', 'two'], ['m3', 'written']]));
    expect(other.hit).toBe(false);
  });

  test('scripts unknown to Redis (NOSCRIPT) are loaded and run, singly and pipelined', async () => {
    const source = `-- ${randomUUID()}\nreturn KEYS[1] .. ARGV[1]`;
    const fresh = { name: 'echo', source, sha: createHash('sha1').update(source).digest('hex'), numKeys: 1 };
    const pipelined = await runScriptPipeline(redis, fresh, [{ keys: ['a'], args: ['1'] }, { keys: ['b'], args: ['2'] }]);
    expect(pipelined.map(([err, reply]) => [err, String(reply)])).toEqual([[null, 'a1'], [null, 'b2']]);
    const source2 = `-- ${randomUUID()}\nreturn ARGV[1]`;
    const single = { name: 'echo2', source: source2, sha: createHash('sha1').update(source2).digest('hex'), numKeys: 1 };
    expect(String(await runScript(redis, single, ['k'], ['x']))).toBe('x');
  });

  test('an expired lease does not fill', async () => {
    const quick = new RedisStorage<string>({ redis, prefix, commandTimeoutMs: 1000, leaseMs: 30 });
    const read = await quick.getOrLease('c');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await quick.fillIfLeased('c', 'late', (read as { lease: string }).lease)).toBe(false);
    expect(await admin.exists(quick.redisKey('c'))).toBe(0);
  });

  test.each([true, false])('two instances, a read held past the other instance’s write (leases: %p): fresh with leases, stale without', async (leases) => {
    const db = new SlowReadDb();
    await db.rows.set('d', 'v1');
    await storage.delete('d');
    const instanceA = new StorageProxy(new RedisStorage<string>({ redis, prefix, commandTimeoutMs: 1000 }), db, { leases });
    const instanceB = new StorageProxy(new RedisStorage<string>({ redis, prefix, commandTimeoutMs: 1000 }), db, { leases });
    const held = db.holdNextRead();
    const reading = instanceA.get('d');
    await held.started; // A missed Redis and read v1 from the database
    await instanceB.set('d', 'v2'); // B writes Redis, then the database
    held.release();
    expect(await reading).toBe('v1'); // A's answer predates the write: fine
    const cached = await admin.get(storage.redisKey('d'));
    if (leases) {
      expect(cached).toBe('"v2"');
      expect(instanceA.stats.staleBackfillsSkipped).toBe(1);
    } else {
      expect(cached).toBe('"v1"'); // the stale backfill the leases prevent
    }
  });
});
