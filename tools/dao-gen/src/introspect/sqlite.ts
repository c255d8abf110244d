import Database from 'better-sqlite3';
import { type RawColumn } from '../schema';
import { ConnectFailedError, IntrospectFailedError, TableNotFoundError } from '../errors';
import { type Introspector } from './types';

interface PragmaColumn {
  name: string;
  type: string;
  notnull: 0 | 1;
  dflt_value: string | null;
  pk: number;
}

/** Introspects a table of an existing SQLite file (opened read-only). */
export const introspectSqlite: Introspector = async (target, table, options) => {
  let db: Database.Database;
  try {
    db = new Database(target.location, { readonly: true, fileMustExist: true, timeout: options.connectTimeoutMs });
  } catch (err) {
    throw new ConnectFailedError(target.display, err);
  }
  try {
    let rows: PragmaColumn[];
    try {
      // Table names were validated as plain identifiers; quoting still guards keywords.
      rows = db.prepare(`PRAGMA table_info("${table}")`).all() as PragmaColumn[];
    } catch (err) {
      throw new IntrospectFailedError(table, err);
    }
    if (rows.length === 0) throw new TableNotFoundError(table, target.display);
    const primaryKey = rows
      .filter((r) => r.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((r) => r.name);
    return { dialect: 'sqlite', table, columns: rows.map((r) => toRawColumn(r, primaryKey)), primaryKey };
  } finally {
    db.close();
  }
};

function toRawColumn(row: PragmaColumn, primaryKey: readonly string[]): RawColumn {
  const dbType = row.type.trim().toLowerCase();
  // A single INTEGER PRIMARY KEY is an alias of the rowid: SQLite assigns it on insert.
  const generated = primaryKey.length === 1 && primaryKey[0] === row.name && dbType === 'integer';
  const column: RawColumn = {
    name: row.name,
    dbType,
    // SQLite lets a non-INTEGER primary key hold NULL, but a key column is treated as required.
    nullable: row.notnull === 0 && row.pk === 0,
    generated,
    hasDefault: row.dflt_value !== null,
  };
  if (generated) column.generationStrategy = 'increment';
  if (row.dflt_value !== null) column.defaultExpression = row.dflt_value;
  const length = /\(\s*(\d+)\s*\)/.exec(dbType)?.[1];
  if (length !== undefined && /char/.test(dbType)) column.length = Number(length);
  return column;
}
