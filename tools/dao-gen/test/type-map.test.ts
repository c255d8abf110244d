import { mapType } from '../src/type-map';
import { type RawColumn } from '../src/schema';

const col = (dbType: string, extra: Partial<RawColumn> = {}): RawColumn => ({
  name: 'c',
  dbType,
  nullable: false,
  generated: false,
  hasDefault: false,
  ...extra,
});

describe('type mapping', () => {
  it('maps PostgreSQL catalogue names, 64-bit integers and decimals to string', () => {
    expect(mapType('postgres', col('int4'))).toEqual({ tsType: 'number', ormType: 'integer' });
    expect(mapType('postgres', col('int8'))).toEqual({ tsType: 'string', ormType: 'bigint' });
    expect(mapType('postgres', col('numeric'))).toEqual({ tsType: 'string', ormType: 'numeric' });
    expect(mapType('postgres', col('timestamptz'))).toEqual({ tsType: 'Date', ormType: 'timestamptz' });
    expect(mapType('postgres', col('jsonb'))).toEqual({ tsType: 'unknown', ormType: 'jsonb' });
    expect(mapType('postgres', col('bytea'))).toEqual({ tsType: 'Buffer', ormType: 'bytea' });
  });

  it('has no mapping for PostgreSQL geometry, ranges, arrays or intervals', () => {
    for (const t of ['point', 'int4range', 'int4[]', 'interval', 'tsvector']) expect(mapType('postgres', col(t))).toBeUndefined();
  });

  it('maps MySQL tinyint(1) to boolean and ignores unsigned', () => {
    expect(mapType('mysql', col('tinyint(1)'))).toEqual({ tsType: 'boolean', ormType: 'boolean' });
    expect(mapType('mysql', col('int unsigned'))).toEqual({ tsType: 'number', ormType: 'int' });
    expect(mapType('mysql', col('bigint unsigned'))).toEqual({ tsType: 'string', ormType: 'bigint' });
    expect(mapType('mysql', col('datetime'))).toEqual({ tsType: 'Date', ormType: 'datetime' });
    expect(mapType('mysql', col('geometry'))).toBeUndefined();
    expect(mapType('mysql', col('set'))).toBeUndefined();
  });

  it('maps SQLite declared types by name first, then by affinity', () => {
    expect(mapType('sqlite', col('boolean'))).toEqual({ tsType: 'boolean', ormType: 'boolean' });
    expect(mapType('sqlite', col('datetime'))).toEqual({ tsType: 'Date', ormType: 'datetime' });
    expect(mapType('sqlite', col('unsigned big int'))).toEqual({ tsType: 'number', ormType: 'integer' });
    expect(mapType('sqlite', col('varchar(40)', { length: 40 }))).toEqual({ tsType: 'string', ormType: 'varchar' });
    expect(mapType('sqlite', col('clob'))).toEqual({ tsType: 'string', ormType: 'text' });
    expect(mapType('sqlite', col('double precision'))).toEqual({ tsType: 'number', ormType: 'real' });
    expect(mapType('sqlite', col('decimal(10,2)'))).toEqual({ tsType: 'number', ormType: 'numeric' });
    expect(mapType('sqlite', col('blob'))).toEqual({ tsType: 'Buffer', ormType: 'blob' });
  });

  it('refuses an untyped SQLite column instead of guessing', () => {
    expect(mapType('sqlite', col(''))).toBeUndefined();
  });
});
