import { quote } from '../naming';
import { type TableModel } from '../schema';
import { header } from './header';

/** `coupon_relation` -> `COUPON_RELATION`, for exported constants. */
export function constantPrefix(table: string): string {
  return table.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Renders `dao/<package>/<table>_dao_gen.ts`: the table's TypeOrmStorage, keyed by one column. */
export function renderDao(model: TableModel): string {
  const { className, table, key } = model;
  const constant = constantPrefix(table);
  return [
    header(model),
    "import { TypeOrmStorage } from '@gatehouse/storage-proxy/typeorm';",
    "import { type DataSource } from 'typeorm';",
    `import { ${className} } from '../../models/${table}_gen';`,
    '',
    `/** Entity property the "${table}" storages are keyed by (column "${key.name}"). */`,
    `export const ${constant}_KEY = ${quote(key.property)};`,
    '',
    `/** The database level of table "${table}": get/multiGet by "${key.name}", add = INSERT, set = upsert, delete. */`,
    `export function new${className}Dao(dataSource: DataSource): TypeOrmStorage<${className}> {`,
    `  return new TypeOrmStorage<${className}>({ dataSource, entity: ${className}, keyColumn: ${constant}_KEY });`,
    '}',
    '',
  ].join('\n');
}
