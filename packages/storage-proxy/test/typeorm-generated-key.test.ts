// add = INSERT returning the key the database generated; a key column other than the primary key;
// a duplicate is a typed error and leaves the cache empty.
import { DuplicateKeyError, EmptyObjectError, InvalidOptionsError, MemoryStorage, StorageProxy } from '../src';
import { TypeOrmStorage } from '../src/typeorm';
import { type Account, accountSchema, DATABASES, openDatabase } from './databases';

for (const { kind, describe: describeDb } of DATABASES) {
  describeDb(`TypeOrmStorage keys on ${kind}`, () => {
    const schema = accountSchema();
    let db: Awaited<ReturnType<typeof openDatabase>>;
    let byId: TypeOrmStorage<Account>;
    let byCode: TypeOrmStorage<Account>;
    beforeAll(async () => {
      db = await openDatabase(kind, [schema]);
      byId = new TypeOrmStorage<Account>({ dataSource: db.dataSource, entity: schema });
      byCode = new TypeOrmStorage<Account>({ dataSource: db.dataSource, entity: schema, keyColumn: 'code' });
    });
    afterAll(() => db.close());

    test('add with a null key resolves with the generated id and writes it into the object', async () => {
      const first: Account = { code: 'a-1', balance: 5 };
      const second: Account = { code: 'a-2', balance: 6 };
      const k1 = await byId.add(null, first);
      const k2 = await byId.add(null, second);
      expect(typeof k1).toBe('number');
      expect(k2).toBe((k1 as number) + 1);
      expect(first.id).toBe(k1);
      expect(await byId.get(k2)).toEqual({ id: k2, code: 'a-2', balance: 6 });
    });

    test('a storage keyed by a unique column reads, upserts and deletes by it', async () => {
      await byId.add(null, { code: 'c-1', balance: 1 });
      expect((await byCode.get('c-1')).balance).toBe(1);
      await byCode.set('c-1', { code: 'c-1', balance: 2 });
      expect((await byCode.get('c-1')).balance).toBe(2);
      await byCode.set('c-new', { code: 'c-new', balance: 9 });
      const found = await byCode.multiGet(['c-1', 'c-new', 'c-none']);
      expect([...found.keys()].sort()).toEqual(['c-1', 'c-new']);
      await byCode.delete('c-1', 'c-new');
      await expect(byCode.get('c-1')).rejects.toBeInstanceOf(EmptyObjectError);
    });

    test('a duplicate on add is DuplicateKeyError and the proxy leaves the cache empty', async () => {
      const cache = new MemoryStorage<Account>();
      const proxy = new StorageProxy(cache, byCode);
      expect(await proxy.add('d-1', { code: 'd-1', balance: 1 })).toBe('d-1');
      await cache.delete('d-1');
      const err = await proxy.add('d-1', { code: 'd-1', balance: 99 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DuplicateKeyError);
      expect((err as DuplicateKeyError).code).toBe('SP_DUPLICATE_KEY');
      expect(cache.peek('d-1')).toBeUndefined();
      expect((await byCode.get('d-1')).balance).toBe(1);
    });

    test('a key column the table does not have is InvalidOptionsError', async () => {
      const wrong = new TypeOrmStorage<Account>({ dataSource: db.dataSource, entity: schema, keyColumn: 'nope' });
      await expect(wrong.get(1)).rejects.toBeInstanceOf(InvalidOptionsError);
    });
  });
}
