import { type Dialect, type RawColumn } from './schema';

/** How one database type appears in the entity. */
export interface TypeMapping {
  /** TypeScript type of the property. */
  tsType: 'string' | 'number' | 'boolean' | 'Date' | 'Buffer' | 'unknown';
  /** TypeORM `type` option understood by this dialect's driver. */
  ormType: string;
}

const m = (tsType: TypeMapping['tsType'], ormType: string): TypeMapping => ({ tsType, ormType });

// 64-bit integers and decimals map to string: that is what the pg and mysql2 drivers return
// under TypeORM, and a JS number would silently lose precision.
const POSTGRES: Record<string, TypeMapping> = {
  int2: m('number', 'smallint'),
  int4: m('number', 'integer'),
  int8: m('string', 'bigint'),
  float4: m('number', 'real'),
  float8: m('number', 'double precision'),
  numeric: m('string', 'numeric'),
  bool: m('boolean', 'boolean'),
  text: m('string', 'text'),
  varchar: m('string', 'varchar'),
  bpchar: m('string', 'char'),
  citext: m('string', 'citext'),
  uuid: m('string', 'uuid'),
  inet: m('string', 'inet'),
  cidr: m('string', 'cidr'),
  macaddr: m('string', 'macaddr'),
  date: m('string', 'date'),
  time: m('string', 'time'),
  timetz: m('string', 'time with time zone'),
  timestamp: m('Date', 'timestamp'),
  timestamptz: m('Date', 'timestamptz'),
  json: m('unknown', 'json'),
  jsonb: m('unknown', 'jsonb'),
  bytea: m('Buffer', 'bytea'),
};

const MYSQL: Record<string, TypeMapping> = {
  'tinyint(1)': m('boolean', 'boolean'),
  tinyint: m('number', 'tinyint'),
  smallint: m('number', 'smallint'),
  mediumint: m('number', 'mediumint'),
  int: m('number', 'int'),
  integer: m('number', 'int'),
  bigint: m('string', 'bigint'),
  year: m('number', 'year'),
  float: m('number', 'float'),
  double: m('number', 'double'),
  decimal: m('string', 'decimal'),
  char: m('string', 'char'),
  varchar: m('string', 'varchar'),
  tinytext: m('string', 'tinytext'),
  text: m('string', 'text'),
  mediumtext: m('string', 'mediumtext'),
  longtext: m('string', 'longtext'),
  date: m('string', 'date'),
  time: m('string', 'time'),
  datetime: m('Date', 'datetime'),
  timestamp: m('Date', 'timestamp'),
  json: m('unknown', 'json'),
  binary: m('Buffer', 'binary'),
  varbinary: m('Buffer', 'varbinary'),
  tinyblob: m('Buffer', 'tinyblob'),
  blob: m('Buffer', 'blob'),
  mediumblob: m('Buffer', 'mediumblob'),
  longblob: m('Buffer', 'longblob'),
};

// SQLite declared types are free text; these names get the TypeORM types TypeORM hydrates specially.
const SQLITE_NAMED: Record<string, TypeMapping> = {
  boolean: m('boolean', 'boolean'),
  bool: m('boolean', 'boolean'),
  datetime: m('Date', 'datetime'),
  timestamp: m('Date', 'datetime'),
  date: m('string', 'date'),
  time: m('string', 'time'),
  json: m('unknown', 'simple-json'),
};

/** SQLite's type-affinity rules (https://sqlite.org/datatype3.html §3.1), in their order. */
function sqliteAffinity(dbType: string, column: RawColumn): TypeMapping | undefined {
  if (dbType.includes('int')) return m('number', 'integer');
  if (/char|clob|text/.test(dbType)) return m('string', column.length !== undefined ? 'varchar' : 'text');
  if (dbType.includes('blob')) return m('Buffer', 'blob');
  if (/real|floa|doub/.test(dbType)) return m('number', 'real');
  // An untyped column has no usable type: refuse it rather than guess.
  if (dbType === '') return undefined;
  return m('number', 'numeric');
}

/** Maps a column's catalogue type for `dialect`; undefined when dao-gen has no mapping for it. */
export function mapType(dialect: Dialect, column: RawColumn): TypeMapping | undefined {
  const dbType = column.dbType.toLowerCase();
  switch (dialect) {
    case 'postgres':
      return POSTGRES[dbType];
    case 'mysql': {
      // Unsigned 8- to 32-bit values exceed the signed range but still fit a JS number.
      return MYSQL[dbType.replace(/ unsigned$/, '')];
    }
    case 'sqlite': {
      const base = dbType.replace(/\(.*\)$/, '').trim();
      return SQLITE_NAMED[base] ?? sqliteAffinity(base, column);
    }
  }
}
