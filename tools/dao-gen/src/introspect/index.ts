import { type DatabaseTarget } from '../database-url';
import { type RawTable } from '../schema';
import { introspectMysql } from './mysql';
import { introspectPostgres } from './postgres';
import { introspectSqlite } from './sqlite';
import { type IntrospectOptions, type Introspector } from './types';

export type { IntrospectOptions } from './types';

const BY_DIALECT: Record<DatabaseTarget['dialect'], Introspector> = {
  postgres: introspectPostgres,
  mysql: introspectMysql,
  sqlite: introspectSqlite,
};

/** Reads `table`'s columns and primary key from the database `target` points at. */
export function introspect(target: DatabaseTarget, table: string, options: IntrospectOptions): Promise<RawTable> {
  return BY_DIALECT[target.dialect](target, table, options);
}
