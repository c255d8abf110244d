// The Storage contract, run against every storage (memory, Redis, TypeORM on three databases).
// Third-party storages can run it too: describeStorageContract({ name, create }).
import { DuplicateKeyError, EmptyObjectError, InvalidKeyError, isEmpty, type Key, type Storage } from '../src';

/** The value type every contract run stores. */
export interface Item {
  id: number;
  name: string;
  score: number;
}

export interface ContractOptions {
  /** Shown in the describe title. */
  name: string;
  /** A fresh, empty storage of Items keyed by `id`. */
  create: () => Promise<Storage<Item>>;
  /** Releases what `create` made (connections, tables, keys). */
  destroy?: () => Promise<void>;
  /** The storage accepts string keys (an integer-keyed table does not). @default true */
  stringKeys?: boolean;
}

const BAD_KEYS: unknown[] = [1.5, Number.NaN, Number.POSITIVE_INFINITY, '', true, {}, null, undefined, [1]];

let next = 1;
const item = (id: number, name = `item-${id}`): Item => ({ id, name, score: id * 10 });
const freshId = (): number => next++;

/** Registers the contract tests for one storage. */
export function describeStorageContract(options: ContractOptions): void {
  describe(`Storage contract: ${options.name}`, () => {
    let storage: Storage<Item>;
    beforeAll(async () => {
      storage = await options.create();
    });
    afterAll(async () => {
      await options.destroy?.();
    });

    test('get of a missing key rejects with EmptyObjectError carrying the key', async () => {
      const id = freshId();
      const err = await storage.get(id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EmptyObjectError);
      expect(isEmpty(err)).toBe(true);
      expect((err as EmptyObjectError).key).toBe(id);
      expect((err as EmptyObjectError).code).toBe('SP_EMPTY_OBJECT');
    });

    test('set then get returns the value; a second set replaces it', async () => {
      const id = freshId();
      await storage.set(id, item(id));
      expect(await storage.get(id)).toEqual(item(id));
      await storage.set(id, item(id, 'renamed'));
      expect(await storage.get(id)).toEqual(item(id, 'renamed'));
    });

    test('add stores a new key and resolves with it; add of a taken key is DuplicateKeyError and changes nothing', async () => {
      const id = freshId();
      expect(await storage.add(id, item(id))).toBe(id);
      expect(await storage.get(id)).toEqual(item(id));
      await expect(storage.add(id, item(id, 'intruder'))).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await storage.get(id)).toEqual(item(id));
    });

    test('multiGet returns a Map of the hits only, keyed as asked', async () => {
      const [a, b, missing] = [freshId(), freshId(), freshId()];
      await storage.set(a, item(a));
      await storage.set(b, item(b));
      const found = await storage.multiGet([a, missing, b]);
      expect(found).toBeInstanceOf(Map);
      expect([...found.keys()].sort()).toEqual([a, b].sort());
      expect(found.get(a)).toEqual(item(a));
      expect(found.get(b)).toEqual(item(b));
      expect(found.has(missing)).toBe(false);
      expect((await storage.multiGet([])).size).toBe(0);
    });

    test('multiSet stores every entry', async () => {
      const ids = [freshId(), freshId(), freshId()];
      await storage.multiSet(new Map(ids.map((id) => [id, item(id)])));
      const found = await storage.multiGet(ids);
      expect(found.size).toBe(3);
      for (const id of ids) expect(found.get(id)).toEqual(item(id));
    });

    test('delete removes several keys at once; deleting a missing key is not an error', async () => {
      const [a, b, keep, never] = [freshId(), freshId(), freshId(), freshId()];
      await storage.multiSet(new Map([a, b, keep].map((id) => [id, item(id)])));
      await storage.delete(a, b, never);
      expect((await storage.multiGet([a, b, keep])).size).toBe(1);
      await expect(storage.get(a)).rejects.toBeInstanceOf(EmptyObjectError);
      expect(await storage.get(keep)).toEqual(item(keep));
    });

    test.each(BAD_KEYS.map((k) => [String(k), k]))('a key of the wrong type (%s) is InvalidKeyError everywhere', async (_label, bad) => {
      const key = bad as Key;
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage.set(key, item(1))).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage.multiGet([key])).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidKeyError);
    });

    test('a bad key anywhere in a batch applies nothing', async () => {
      const [a, b] = [freshId(), freshId()];
      await storage.set(b, item(b));
      await expect(storage.multiSet(new Map<Key, Item>([[a, item(a)], [1.5, item(2)]]))).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage.delete(b, '' as Key)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage.get(a)).rejects.toBeInstanceOf(EmptyObjectError);
      expect(await storage.get(b)).toEqual(item(b));
    });

    if (options.stringKeys ?? true) {
      test('string keys work alongside integer keys', async () => {
        const id = freshId();
        await storage.set(`s${id}`, item(id, 'by-string'));
        expect(await storage.get(`s${id}`)).toEqual(item(id, 'by-string'));
        await expect(storage.get(id)).rejects.toBeInstanceOf(EmptyObjectError);
        const found = await storage.multiGet([`s${id}`]);
        expect(found.get(`s${id}`)).toEqual(item(id, 'by-string'));
      });
    }

    test('a key is identified by its text: 5 and "5" are the same key; results are keyed as asked', async () => {
      const id = freshId();
      await storage.set(id, item(id));
      expect(await storage.get(String(id))).toEqual(item(id));
      const found = await storage.multiGet([String(id)]);
      expect([...found.keys()]).toEqual([String(id)]);
      await storage.delete(String(id));
      await expect(storage.get(id)).rejects.toBeInstanceOf(EmptyObjectError);
    });
  });
}
