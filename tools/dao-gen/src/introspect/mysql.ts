import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { type RawColumn } from '../schema';
import { ConnectFailedError, IntrospectFailedError, TableNotFoundError } from '../errors';
import { type Introspector } from './types';

interface MyColumnRow extends RowDataPacket {
  name: string;
  dataType: string;
  columnType: string;
  isNullable: 'YES' | 'NO';
  columnDefault: string | null;
  extra: string;
  charLength: number | string | null;
  numPrecision: number | string | null;
  numScale: number | string | null;
}

const COLUMNS_SQL = `
  SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, IS_NULLABLE AS isNullable,
         COLUMN_DEFAULT AS columnDefault, EXTRA AS extra, CHARACTER_MAXIMUM_LENGTH AS charLength,
         NUMERIC_PRECISION AS numPrecision, NUMERIC_SCALE AS numScale
    FROM information_schema.COLUMNS
   WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
   ORDER BY ORDINAL_POSITION`;

const PRIMARY_KEY_SQL = `
  SELECT COLUMN_NAME AS name
    FROM information_schema.KEY_COLUMN_USAGE
   WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'
   ORDER BY ORDINAL_POSITION`;

/** Introspects a MariaDB/MySQL table in the URL's database. */
export const introspectMysql: Introspector = async (target, table, options) => {
  let conn: Connection;
  try {
    conn = await createConnection({ uri: target.location, connectTimeout: options.connectTimeoutMs });
  } catch (err) {
    throw new ConnectFailedError(target.display, err);
  }
  conn.on('error', () => undefined);
  try {
    let columns: MyColumnRow[];
    let primaryKey: string[];
    try {
      [columns] = await conn.query<MyColumnRow[]>(COLUMNS_SQL, [table]);
      const [keys] = await conn.query<(RowDataPacket & { name: string })[]>(PRIMARY_KEY_SQL, [table]);
      primaryKey = keys.map((k) => k.name);
    } catch (err) {
      throw new IntrospectFailedError(table, err);
    }
    if (columns.length === 0) throw new TableNotFoundError(table, `the database of ${target.display}`);
    return { dialect: 'mysql', table, columns: columns.map(toRawColumn), primaryKey };
  } finally {
    await conn.end().catch(() => undefined);
  }
};

function toRawColumn(row: MyColumnRow): RawColumn {
  const columnType = row.columnType.toLowerCase();
  const generated = /auto_increment/i.test(row.extra);
  // MariaDB reports "no default" of a nullable column as the string 'NULL'.
  const hasDefault = !generated && row.columnDefault !== null && row.columnDefault !== 'NULL';
  const column: RawColumn = {
    name: row.name,
    // tinyint(1) is MySQL's boolean; keep the display width only there.
    dbType: columnType.startsWith('tinyint(1)') ? 'tinyint(1)' : row.dataType.toLowerCase(),
    nullable: row.isNullable === 'YES',
    generated,
    hasDefault,
  };
  if (columnType.includes('unsigned')) column.dbType += ' unsigned';
  if (generated) column.generationStrategy = 'increment';
  if (row.charLength !== null && /char|binary/.test(row.dataType.toLowerCase())) column.length = Number(row.charLength);
  if (row.dataType.toLowerCase() === 'decimal' && row.numPrecision !== null) {
    column.precision = Number(row.numPrecision);
    column.scale = Number(row.numScale ?? 0);
  }
  return column;
}
