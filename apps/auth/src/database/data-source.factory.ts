// Builds the TypeORM DataSource: SQLite file by default, PostgreSQL when a URL is configured.
// The schema comes from migrations only - `synchronize` is off in every mode - and migrations run
// at boot, so a production start brings an empty database up to date and never lets TypeORM
// rewrite tables from entity metadata.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ConfigInvalidError, DatabaseUnavailableError } from '../errors';
import { MIGRATIONS } from './migrations';
import { UserEntity } from './user.entity';

/** Which database to use. */
export type DatabaseConfig =
  | {
      /** SQLite through better-sqlite3. */
      kind: 'sqlite';
      /** File path; ":memory:" is allowed for throwaway runs. @default "./data/auth.sqlite" */
      path: string;
    }
  | {
      /** PostgreSQL through pg. */
      kind: 'postgres';
      /** Connection URL, e.g. postgres://user@host:5432/db. */
      url: string;
      /** Schema holding the tables (created if missing). @default "public" */
      schema?: string;
    };

/** TypeORM options for a database config; exported so tests can assert `synchronize` is off. */
export function dataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: [UserEntity],
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  if (config.kind === 'sqlite') {
    return { ...common, type: 'better-sqlite3', database: config.path };
  }
  const schema = config.schema ?? 'public';
  return {
    ...common,
    type: 'postgres',
    url: config.url,
    schema,
    // Fail fast when the server is gone: a login should get a 503 in seconds, not hang.
    extra: {
      connectionTimeoutMillis: 2000,
      query_timeout: 5000,
      max: 10,
      options: `-c search_path=${schema}`,
    },
  };
}

/** Opens the database and runs pending migrations; throws DatabaseUnavailableError on failure. */
export async function openDataSource(config: DatabaseConfig): Promise<DataSource> {
  if (config.kind === 'sqlite' && config.path !== ':memory:') {
    mkdirSync(dirname(config.path), { recursive: true });
  }
  if (config.kind === 'postgres' && config.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(config.schema)) {
    throw new ConfigInvalidError(`invalid PostgreSQL schema name ${JSON.stringify(config.schema)}`);
  }
  const dataSource = new DataSource(dataSourceOptions(config));
  try {
    await dataSource.initialize();
    if (config.kind === 'postgres' && config.schema !== undefined) {
      await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${config.schema}"`);
    }
    await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw new DatabaseUnavailableError('cannot open the database or run its migrations', { cause: err });
  }
}
