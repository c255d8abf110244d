// Opens a TypeORM DataSource on one of the three supported databases with throwaway tables.
import 'reflect-metadata';
import { DataSource, EntitySchema, type Logger } from 'typeorm';
import type { Item } from './contract';
import type { GatedDescribe } from '@gatehouse/test-support';
import { databaseUrl, describeWithMysql, describeWithPostgres, mysqlUrl, uniqueId } from './services';

export type DatabaseKind = 'postgres' | 'mysql' | 'sqlite';

/** The databases to run against, each with its own gated describe. */
export const DATABASES: Array<{ kind: DatabaseKind; describe: GatedDescribe }> = [
  { kind: 'postgres', describe: describeWithPostgres },
  { kind: 'mysql', describe: describeWithMysql },
  { kind: 'sqlite', describe: describe },
];

/** An Item table keyed by a plain integer id, under a unique name. */
export function itemSchema(): EntitySchema<Item> {
  const name = uniqueId('sp_item_');
  return new EntitySchema<Item>({
    name,
    tableName: name,
    columns: {
      id: { type: Number, primary: true },
      name: { type: String, length: 100 },
      score: { type: Number },
    },
  });
}

/** A row whose id the database assigns (auto-increment / serial), plus a unique secondary code. */
export interface Account {
  id?: number;
  code: string;
  balance: number;
}

/** An Account table with a generated primary key and a unique `code` column. */
export function accountSchema(): EntitySchema<Account> {
  const name = uniqueId('sp_account_');
  return new EntitySchema<Account>({
    name,
    tableName: name,
    columns: {
      id: { type: Number, primary: true, generated: 'increment' },
      code: { type: String, length: 40, unique: true },
      balance: { type: Number },
    },
  });
}

/** Counts the SELECT statements the database receives (to prove how many reads reached it). */
export class SelectCounter implements Logger {
  selects = 0;
  logQuery(query: string): void {
    if (/^\s*SELECT/i.test(query)) this.selects++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** An initialized DataSource with `entities` created; `close` drops them and disconnects. */
export async function openDatabase(
  kind: DatabaseKind,
  entities: EntitySchema[],
  logger?: Logger,
): Promise<{ dataSource: DataSource; close: () => Promise<void> }> {
  const common = { entities, synchronize: true, ...(logger ? { logging: ['query' as const], logger } : { logging: false as const }) };
  const dataSource =
    kind === 'postgres'
      ? new DataSource({ type: 'postgres', url: databaseUrl(), connectTimeoutMS: 2000, ...common })
      : kind === 'mysql'
        ? new DataSource({ type: 'mysql', url: mysqlUrl(), connectTimeout: 2000, ...common })
        : new DataSource({ type: 'better-sqlite3', database: ':memory:', ...common });
  await dataSource.initialize();
  return {
    dataSource,
    close: async () => {
      const runner = dataSource.createQueryRunner();
      for (const entity of entities) await runner.dropTable(entity.options.tableName!, true);
      await runner.release();
      await dataSource.destroy();
    },
  };
}
