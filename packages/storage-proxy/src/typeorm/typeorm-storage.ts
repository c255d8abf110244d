// The store of record: one TypeORM entity (table), addressed by its primary key or by one unique
// key column. add = INSERT returning the generated key, set = upsert, multiGet = WHERE key IN (...).
import { type DataSource, type EntityMetadata, type EntityTarget, In, type ObjectLiteral, type Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { EmptyObjectError, EncodeError, InvalidOptionsError, StorageFailureError, StorageProxyError } from '../errors';
import { assertEntryKeys, assertKey, assertKeys } from '../keys';
import type { Key, Storage } from '../types';
import { duplicateKeyFrom } from './driver-errors';

/** Options of {@link TypeOrmStorage}. */
export interface TypeOrmStorageOptions<T extends ObjectLiteral> {
  /** The data source; it may still be uninitialized when the storage is built. */
  dataSource: DataSource;
  /** The entity (class or EntitySchema) of the table. */
  entity: EntityTarget<T>;
  /** Property or column name of the key; it must be unique. @default the single primary column */
  keyColumn?: string;
  /** Keys per `IN (...)` / DELETE statement (SQLite allows few bound parameters). @default 500 */
  batchSize?: number;
}

/** A Storage over one table through TypeORM; works on PostgreSQL, MariaDB/MySQL and SQLite. */
export class TypeOrmStorage<T extends ObjectLiteral> implements Storage<T> {
  private resolved: { repo: Repository<T>; column: ColumnMetadata; prop: string } | undefined;
  private readonly batchSize: number;

  constructor(private readonly options: TypeOrmStorageOptions<T>) {
    if (options.dataSource === null || typeof options.dataSource !== 'object' || typeof options.dataSource.getRepository !== 'function') {
      throw new InvalidOptionsError('TypeOrmStorage needs a TypeORM DataSource as `dataSource`');
    }
    if (options.entity === undefined || options.entity === null) throw new InvalidOptionsError('TypeOrmStorage needs an `entity`');
    this.batchSize = options.batchSize ?? 500;
    if (!Number.isSafeInteger(this.batchSize) || this.batchSize < 1) throw new InvalidOptionsError('TypeOrmStorage batchSize must be a positive integer');
  }

  /** The property name that holds the key (resolved on first use, once the data source is up). */
  get keyProperty(): string {
    return this.target().prop;
  }

  /** SELECT ... WHERE key = ?; a missing row rejects with EmptyObjectError. */
  async get(key: Key): Promise<T> {
    assertKey(key);
    const { repo, prop } = this.target();
    const row = await this.db('get', () => repo.findOne({ where: { [prop]: key } as never }));
    if (row === null) throw new EmptyObjectError(key);
    return row;
  }

  /** Upsert under `key` (the key property of `value` is set to `key`). */
  async set(key: Key, value: T): Promise<void> {
    assertKey(key);
    const { prop } = this.target();
    const row = this.withKey(value, key, prop);
    await this.db('set', () => this.upsert([row]));
  }

  /**
   * INSERT; with a null key the database assigns it. Resolves with the stored key, which TypeORM
   * also writes into `value`. A taken key rejects with DuplicateKeyError.
   */
  async add(key: Key | null, value: T): Promise<Key> {
    if (key !== null) assertKey(key);
    const { repo, prop } = this.target();
    checkValue(value);
    if (key !== null) (value as Record<string, unknown>)[prop] = key;
    let result;
    try {
      result = await repo.insert(value as never);
    } catch (err) {
      const duplicate = duplicateKeyFrom(err, key);
      if (duplicate !== undefined) throw duplicate;
      throw new StorageFailureError('add', err);
    }
    const assigned = result.identifiers[0]?.[prop] ?? (value as Record<string, unknown>)[prop] ?? key;
    return normalizeKey(assigned);
  }

  /** SELECT ... WHERE key IN (...), in batches; the hits keyed as asked. */
  async multiGet(keys: readonly Key[]): Promise<Map<Key, T>> {
    assertKeys(keys);
    const found = new Map<Key, T>();
    if (keys.length === 0) return found;
    const { repo, prop } = this.target();
    // Drivers return bigint and numeric keys as strings: match rows to asked keys by text.
    const asked = new Map<string, Key[]>();
    for (const key of keys) {
      const list = asked.get(String(key));
      if (list === undefined) asked.set(String(key), [key]);
      else list.push(key);
    }
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += this.batchSize) {
      const batch = unique.slice(i, i + this.batchSize);
      const rows = await this.db('multiGet', () => repo.find({ where: { [prop]: In(batch) } as never }));
      for (const row of rows) for (const key of asked.get(String(row[prop])) ?? []) found.set(key, row);
    }
    return found;
  }

  /** One upsert statement for every entry (atomic). */
  async multiSet(entries: ReadonlyMap<Key, T>): Promise<void> {
    assertEntryKeys(entries);
    if (entries.size === 0) return;
    const { prop } = this.target();
    const rows = [...entries].map(([key, value]) => this.withKey(value, key, prop));
    await this.db('multiSet', () => this.upsert(rows));
  }

  /** DELETE ... WHERE key IN (...), in one transaction. */
  async delete(...keys: Key[]): Promise<void> {
    assertKeys(keys);
    if (keys.length === 0) return;
    const { prop } = this.target();
    const unique = [...new Set(keys)];
    await this.db('delete', () =>
      this.options.dataSource.transaction(async (manager) => {
        for (let i = 0; i < unique.length; i += this.batchSize) {
          await manager.delete(this.options.entity, { [prop]: In(unique.slice(i, i + this.batchSize)) } as never);
        }
      }),
    );
  }

  private target(): { repo: Repository<T>; column: ColumnMetadata; prop: string } {
    if (this.resolved !== undefined) return this.resolved;
    const { dataSource, entity, keyColumn } = this.options;
    if (!dataSource.isInitialized) throw new StorageFailureError('lookup', new Error('the DataSource is not initialized; call initialize() first'));
    const repo = dataSource.getRepository(entity);
    const column = keyColumnOf(repo.metadata, keyColumn);
    this.resolved = { repo, column, prop: column.propertyName };
    return this.resolved;
  }

  /**
   * INSERT ... ON CONFLICT (key) DO UPDATE / ON DUPLICATE KEY UPDATE, with the key column always
   * in the column list. Repository.upsert cannot be used: on PostgreSQL TypeORM leaves
   * auto-increment ('increment') columns out of every INSERT it builds, so the conflict never
   * happens and the sequence hands the row a new key (a duplicate row instead of an update).
   */
  private async upsert(rows: readonly T[]): Promise<void> {
    const { repo, column } = this.target();
    const meta = repo.metadata;
    // The columns TypeORM itself would insert, plus the key: naming them all keeps their defaults
    // (DEFAULT where a row has no value) and forces the key into the statement.
    const inserted = meta.columns.filter((c) => c.isInsert || c === column);
    const overwrite = inserted.filter((c) => c !== column && rows.some((row) => c.getEntityValue(row) !== undefined));
    await repo
      .createQueryBuilder()
      .insert()
      .into(this.options.entity, inserted.map((c) => c.propertyPath))
      .values(rows as never)
      .orUpdate(
        [column, ...overwrite].map((c) => c.databaseName),
        [column.databaseName],
        { skipUpdateIfNoValuesChanged: false, upsertType: this.options.dataSource.driver.supportedUpsertTypes[0] },
      )
      .updateEntity(false)
      .execute();
  }

  private withKey(value: T, key: Key, prop: string): T {
    checkValue(value);
    return { ...value, [prop]: key };
  }

  private async db<R>(operation: string, run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof StorageProxyError) throw err;
      throw new StorageFailureError(operation, err);
    }
  }
}

function keyColumnOf(meta: EntityMetadata, keyColumn: string | undefined): ColumnMetadata {
  if (keyColumn !== undefined) {
    const column = meta.columns.find((c) => c.propertyName === keyColumn || c.databaseName === keyColumn);
    if (column === undefined) throw new InvalidOptionsError(`table ${meta.tableName} has no column ${keyColumn}`);
    return column;
  }
  if (meta.primaryColumns.length !== 1) {
    throw new InvalidOptionsError(`table ${meta.tableName} has ${meta.primaryColumns.length} primary columns: name one keyColumn`);
  }
  return meta.primaryColumns[0]!;
}

function checkValue(value: unknown): void {
  if (value === null || typeof value !== 'object') throw new EncodeError('typeorm', new TypeError('a row must be an object'));
}

function normalizeKey(value: unknown): Key {
  // Drivers hand back generated bigint ids as strings; numbers that fit are keys as numbers.
  if (typeof value === 'string' && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  assertKey(value);
  return value;
}
