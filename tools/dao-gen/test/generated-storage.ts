// Loads the files dao-gen wrote into a temp project and drives the generated storage end to end:
// add / get / set / multiGet / delete through StorageProxy(MemoryStorage, generated DAO).
import { join } from 'node:path';
import type Redis from 'ioredis';
import { DataSource, type DataSourceOptions, type ObjectLiteral } from 'typeorm';
import { EmptyObjectError, type Key, MemoryStorage, type Storage, type StorageProxy } from '@gatehouse/storage-proxy';

type Row = ObjectLiteral;

/** The modules of one generated table. */
export interface GeneratedTable {
  Entity: new () => Row;
  newStorage(options: { dataSource: DataSource; dao?: Storage<Row> } & ({ cache: Storage<Row> } | { redis: Redis; ttlSec?: number })): StorageProxy<Row>;
  newDao(dataSource: DataSource): Storage<Row>;
  keyProperty: string;
}

/** Requires the generated model, DAO and storage files (TypeScript, transformed by Jest). */
export function loadGenerated(dir: string, table: string, pkg: string, className: string): GeneratedTable {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const model = require(join(dir, 'models', `${table}_gen.ts`)) as Record<string, new () => Row>;
  const dao = require(join(dir, 'dao', pkg, `${table}_dao_gen.ts`)) as Record<string, unknown>;
  const storage = require(join(dir, 'dao', pkg, `${table}_storage_gen.ts`)) as Record<string, unknown>;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const keyConstant = Object.keys(dao).find((k) => k.endsWith('_KEY'))!;
  return {
    Entity: model[className]!,
    newStorage: storage[`new${className}Storage`] as GeneratedTable['newStorage'],
    newDao: dao[`new${className}Dao`] as GeneratedTable['newDao'],
    keyProperty: dao[keyConstant] as string,
  };
}

/** Opens a DataSource over the generated entity (no synchronize: the table already exists). */
export async function openDataSource(options: DataSourceOptions, Entity: new () => Row): Promise<DataSource> {
  const ds = new DataSource({ ...options, entities: [Entity], synchronize: false, logging: process.env.DG_SQL === '1' } as DataSourceOptions);
  await ds.initialize();
  return ds;
}

/**
 * Runs the storage rules against a table whose key the database assigns. `row(n)` builds a new
 * row's properties; `checkRow` asserts the typed values read back from the database.
 */
export async function exerciseAutoKeyStorage(
  gen: GeneratedTable,
  ds: DataSource,
  row: (n: number) => Row,
  checkRow: (value: Row, n: number) => void,
): Promise<void> {
  const cache = new MemoryStorage<Row>({ maxEntries: 100 });
  const storage = gen.newStorage({ dataSource: ds, cache });
  const repo = ds.getRepository(gen.Entity);
  const make = (n: number): Row => Object.assign(new gen.Entity(), row(n));

  // add: the database assigns the key first, then the cache holds the object under that key.
  const first = make(1);
  const id1 = await storage.add(null, first);
  expect(typeof id1).toBe('number');
  expect(await cache.get(id1)).toBe(first);
  const stored = await repo.findOneByOrFail({ [gen.keyProperty]: id1 });
  checkRow(stored, 1);

  // get: a cache miss reads the database and backfills the cache.
  await cache.delete(id1);
  const read = await storage.get(id1);
  checkRow(read, 1);
  expect(await cache.get(id1)).toBe(read);

  // set: cache then database.
  const changed = { ...read, note: 'changed' };
  await storage.set(id1, changed);
  expect(await cache.get(id1)).toBe(changed);
  expect((await repo.findOneByOrFail({ [gen.keyProperty]: id1 })).note).toBe('changed');

  // multiGet: hits from the cache, the rest from the database (backfilled), misses absent.
  const id2 = await storage.add(null, make(2));
  await cache.delete(id2);
  const missing: Key = 2_000_000_000;
  const many = await storage.multiGet([id1, id2, missing]);
  expect([...many.keys()].sort()).toEqual([id1, id2].sort());
  expect(many.get(id1)).toBe(changed);
  checkRow(many.get(id2)!, 2);
  expect(await cache.get(id2)).toBe(many.get(id2));

  // add of a taken key: a typed error and nothing cached.
  await cache.delete(id2);
  await expect(storage.add(id2, make(3))).rejects.toMatchObject({ code: 'SP_DUPLICATE_KEY' });
  await expect(cache.get(id2)).rejects.toBeInstanceOf(EmptyObjectError);

  // delete: database first, then the cache; the key is gone from both.
  await storage.delete(id1, id2);
  expect(await repo.countBy({ [gen.keyProperty]: id1 })).toBe(0);
  await expect(cache.get(id1)).rejects.toBeInstanceOf(EmptyObjectError);
  await expect(storage.get(id1)).rejects.toBeInstanceOf(EmptyObjectError);
}
