import {
  CompositeKeyError,
  KeyColumnNotFoundError,
  NoPrimaryKeyError,
  UnsupportedKeyTypeError,
  UnsupportedTypeError,
} from './errors';
import { className, propertyNames } from './naming';
import { type MappedColumn, type RawTable, type TableModel } from './schema';
import { mapType } from './type-map';

/**
 * Maps every column and resolves the key column: the argument when given, else the single-column
 * primary key. All checks run before any file is rendered, so a refusal writes nothing.
 */
export function buildTableModel(raw: RawTable, packageName: string, keyColumn?: string): TableModel {
  const properties = propertyNames(raw.columns.map((c) => c.name));
  const primary = new Set(raw.primaryKey);
  let keyName: string;
  if (keyColumn !== undefined) {
    if (!raw.columns.some((c) => c.name === keyColumn)) throw new KeyColumnNotFoundError(raw.table, keyColumn);
    keyName = keyColumn;
    // TypeORM needs a primary column per entity: with no primary key, the key column plays it.
    if (primary.size === 0) primary.add(keyColumn);
  } else if (raw.primaryKey.length === 0) {
    throw new NoPrimaryKeyError(raw.table);
  } else if (raw.primaryKey.length > 1) {
    throw new CompositeKeyError(raw.table, raw.primaryKey);
  } else {
    keyName = raw.primaryKey[0]!;
  }

  const columns: MappedColumn[] = raw.columns.map((column, i) => {
    const mapping = mapType(raw.dialect, column);
    if (mapping === undefined) throw new UnsupportedTypeError(raw.table, column.name, column.dbType || '(none)');
    return { ...column, property: properties[i]!, tsType: mapping.tsType, ormType: mapping.ormType, primary: primary.has(column.name) };
  });
  const key = columns.find((c) => c.name === keyName)!;
  if (key.tsType !== 'string' && key.tsType !== 'number') throw new UnsupportedKeyTypeError(raw.table, key.name, key.tsType);

  return {
    dialect: raw.dialect,
    table: raw.table,
    className: className(raw.table),
    packageName,
    columns,
    key,
    keyFromArgument: keyColumn !== undefined,
  };
}
