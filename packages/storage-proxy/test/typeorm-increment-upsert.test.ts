// set/multiSet are upserts on the key even when the key is an auto-increment ('increment') column:
// TypeORM leaves such columns out of its own INSERTs on PostgreSQL, so its upsert of a known key
// would insert a new row with the next sequence value instead of updating the row.
import { EntitySchema } from 'typeorm';
import { TypeOrmStorage } from '../src/typeorm';
import { DATABASES, openDatabase } from './databases';
import { uniqueId } from './services';

interface Counter {
  id?: number;
  label: string;
  hits: number;
}

function counterSchema(): EntitySchema<Counter> {
  const name = uniqueId('sp_incr_');
  return new EntitySchema<Counter>({
    name,
    tableName: name,
    columns: {
      id: { type: Number, primary: true, generated: 'increment' },
      label: { type: String, length: 40 },
      hits: { type: Number },
    },
  });
}

for (const { kind, describe: describeDb } of DATABASES) {
  describeDb(`TypeOrmStorage upsert of an increment key on ${kind}`, () => {
    const schema = counterSchema();
    let db: Awaited<ReturnType<typeof openDatabase>>;
    let storage: TypeOrmStorage<Counter>;
    const rowCount = (): Promise<number> => db.dataSource.getRepository(schema).count();
    beforeAll(async () => {
      db = await openDatabase(kind, [schema]);
      storage = new TypeOrmStorage<Counter>({ dataSource: db.dataSource, entity: schema });
    });
    afterAll(() => db.close());

    test('set of an existing key updates that row and adds none', async () => {
      const id = await storage.add(null, { label: 'a', hits: 1 });
      await storage.add(null, { label: 'b', hits: 1 });
      const before = await rowCount();
      await storage.set(id, { label: 'a2', hits: 7 });
      expect(await rowCount()).toBe(before);
      expect(await storage.get(id)).toEqual({ id, label: 'a2', hits: 7 });
    });

    test('set of a new key inserts the row under exactly that key', async () => {
      const before = await rowCount();
      await storage.set(5000, { label: 'new', hits: 3 });
      expect(await rowCount()).toBe(before + 1);
      expect(await storage.get(5000)).toEqual({ id: 5000, label: 'new', hits: 3 });
    });

    test('a value carrying another id is stored under the key it is set at', async () => {
      const id = await storage.add(null, { label: 'c', hits: 0 });
      const before = await rowCount();
      await storage.set(id, { id: 999_999, label: 'c2', hits: 2 });
      expect(await rowCount()).toBe(before);
      expect((await storage.get(id)).label).toBe('c2');
      expect((await storage.multiGet([999_999])).size).toBe(0);
    });

    test('multiSet updates existing keys and inserts new ones in one upsert', async () => {
      const x = await storage.add(null, { label: 'x', hits: 0 });
      const y = await storage.add(null, { label: 'y', hits: 0 });
      const before = await rowCount();
      await storage.multiSet(
        new Map<number, Counter>([
          [x as number, { label: 'x2', hits: 10 }],
          [y as number, { label: 'y2', hits: 20 }],
          [6000, { label: 'z', hits: 30 }],
        ]),
      );
      expect(await rowCount()).toBe(before + 1);
      const found = await storage.multiGet([x, y, 6000]);
      expect([...found.values()].map((c) => [c.id, c.label, c.hits])).toEqual(
        expect.arrayContaining([
          [x, 'x2', 10],
          [y, 'y2', 20],
          [6000, 'z', 30],
        ]),
      );
    });
  });
}
