/** The database families dao-gen introspects. */
export type Dialect = 'postgres' | 'mysql' | 'sqlite';

/** One column as the database catalogue describes it, before type mapping. */
export interface RawColumn {
  /** Column name as stored in the database. */
  name: string;
  /** Catalogue type name, lower case: `int4`, `varchar`, `tinyint(1)`, `INTEGER`... */
  dbType: string;
  /** True when NULL is allowed. */
  nullable: boolean;
  /** True when the database assigns the value on insert (serial, identity, auto_increment, rowid). */
  generated: boolean;
  /** For generated keys: `uuid` when the default calls a UUID function, else `increment`. */
  generationStrategy?: 'increment' | 'uuid';
  /** True when the column has a database default (other than a generated key). */
  hasDefault: boolean;
  /**
   * SQLite only: the raw default expression. TypeORM cannot send DEFAULT to SQLite, so the entity
   * must carry the expression or an unset column is inserted as NULL.
   */
  defaultExpression?: string;
  /** Declared length of character columns. */
  length?: number;
  /** Declared precision and scale of decimal columns. */
  precision?: number;
  scale?: number;
}

/** What introspection returns for one table. */
export interface RawTable {
  dialect: Dialect;
  table: string;
  /** Columns in catalogue order. */
  columns: RawColumn[];
  /** Primary-key column names in key order; empty when the table has none. */
  primaryKey: string[];
}

/** A column after type mapping: what the templates need. */
export interface MappedColumn extends RawColumn {
  /** Property name on the entity (camelCase, a valid identifier). */
  property: string;
  /** TypeScript type of the property, without `| null`. */
  tsType: string;
  /** TypeORM `type` option for the driver of this dialect. */
  ormType: string;
  /** True for the entity's primary column(s). */
  primary: boolean;
}

/** The fully resolved input of the templates. */
export interface TableModel {
  dialect: Dialect;
  table: string;
  /** Entity class name (PascalCase of the table). */
  className: string;
  /** Output package folder under dao/. */
  packageName: string;
  columns: MappedColumn[];
  /** The column the storages are keyed by. */
  key: MappedColumn;
  /** True when the key was given on the command line rather than taken from the primary key. */
  keyFromArgument: boolean;
}
