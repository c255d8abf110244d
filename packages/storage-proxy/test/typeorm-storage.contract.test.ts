import type { Item } from './contract';
import { describeStorageContract } from './contract';
import { DATABASES, itemSchema, openDatabase } from './databases';
import { TypeOrmStorage } from '../src/typeorm';

for (const { kind, describe: describeDb } of DATABASES) {
  describeDb(`TypeOrmStorage on ${kind}`, () => {
    let close: () => Promise<void>;
    describeStorageContract({
      name: `TypeOrmStorage (${kind})`,
      stringKeys: false,
      create: async () => {
        const schema = itemSchema();
        const db = await openDatabase(kind, [schema]);
        close = db.close;
        return new TypeOrmStorage<Item>({ dataSource: db.dataSource, entity: schema });
      },
      destroy: () => close(),
    });
  });
}
