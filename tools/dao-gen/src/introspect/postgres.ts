import { Client } from 'pg';
import { type RawColumn } from '../schema';
import { ConnectFailedError, IntrospectFailedError, TableNotFoundError } from '../errors';
import { type Introspector } from './types';

interface PgColumnRow {
  name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
}

// information_schema lists only what the user may see, which is what they can generate for.
const COLUMNS_SQL = `
  SELECT column_name AS name, data_type, udt_name, is_nullable, column_default, is_identity,
         character_maximum_length, numeric_precision, numeric_scale
    FROM information_schema.columns
   WHERE table_schema = current_schema() AND table_name = $1
   ORDER BY ordinal_position`;

// pg_index keeps key order in indkey; information_schema would need two more joins for it.
const PRIMARY_KEY_SQL = `
  SELECT a.attname AS name
    FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
   WHERE i.indrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident($1)) AND i.indisprimary
   ORDER BY array_position(i.indkey::int2[], a.attnum)`;

/** Introspects a PostgreSQL table in the connection's current schema. */
export const introspectPostgres: Introspector = async (target, table, options) => {
  const client = new Client({ connectionString: target.location, connectionTimeoutMillis: options.connectTimeoutMs });
  // A connection dropped after connect emits 'error'; the awaited query reports it instead.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new ConnectFailedError(target.display, err);
  }
  try {
    let columns: PgColumnRow[];
    let primaryKey: string[];
    try {
      columns = (await client.query<PgColumnRow>(COLUMNS_SQL, [table])).rows;
      primaryKey = (await client.query<{ name: string }>(PRIMARY_KEY_SQL, [table])).rows.map((r) => r.name);
    } catch (err) {
      throw new IntrospectFailedError(table, err);
    }
    if (columns.length === 0) throw new TableNotFoundError(table, `the current schema of ${target.display}`);
    return { dialect: 'postgres', table, columns: columns.map(toRawColumn), primaryKey };
  } finally {
    await client.end().catch(() => undefined);
  }
};

function toRawColumn(row: PgColumnRow): RawColumn {
  const fromSequence = row.column_default?.startsWith('nextval(') ?? false;
  const generated = row.is_identity === 'YES' || fromSequence || (row.udt_name === 'uuid' && /uuid/i.test(row.column_default ?? ''));
  const dbType = row.data_type === 'ARRAY' ? `${row.udt_name.replace(/^_/, '')}[]` : row.udt_name;
  const column: RawColumn = {
    name: row.name,
    dbType,
    nullable: row.is_nullable === 'YES',
    generated,
    hasDefault: !generated && row.column_default !== null,
  };
  if (generated) column.generationStrategy = row.udt_name === 'uuid' ? 'uuid' : 'increment';
  if (row.character_maximum_length !== null) column.length = row.character_maximum_length;
  if (row.udt_name === 'numeric' && row.numeric_precision !== null) {
    column.precision = row.numeric_precision;
    column.scale = row.numeric_scale ?? 0;
  }
  return column;
}
