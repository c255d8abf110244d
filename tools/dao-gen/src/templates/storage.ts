import { quote } from '../naming';
import { type TableModel } from '../schema';
import { constantPrefix } from './dao';
import { header } from './header';

/** Renders `dao/<package>/<table>_storage_gen.ts`: StorageProxy(cache with the table as prefix, DAO). */
export function renderStorage(model: TableModel): string {
  const { className: c, table } = model;
  const constant = constantPrefix(table);
  return `${header(model)}
import { type Key, type Storage, StorageProxy, type StorageProxyOptions, isDeleteable } from '@gatehouse/storage-proxy';
import { RedisStorage, type RedisStorageOptions } from '@gatehouse/storage-proxy/redis';
import { type DataSource } from 'typeorm';
import { type ${c} } from '../../models/${table}_gen';
import { new${c}Dao } from './${table}_dao_gen';

/** Cache key prefix of table "${table}" (RedisStorage stores rows under \`<prefix>_<key>\`, with \`_\` in the prefix as \`~\`). */
export const ${constant}_CACHE_PREFIX = ${quote(table)};

/** The Redis cache level of table "${table}"; \`options\` may set the TTL and codec (never the prefix). */
export function new${c}RedisCache(
  redis: RedisStorageOptions<${c}>['redis'],
  options: Omit<RedisStorageOptions<${c}>, 'redis' | 'prefix'> = {},
): RedisStorage<${c}> {
  return new RedisStorage<${c}>({ ...options, redis, prefix: ${constant}_CACHE_PREFIX });
}

/** Options of {@link new${c}Storage}: a \`cache\` storage, or a \`redis\` client to build one on. */
export type ${c}StorageOptions = {
  /** Data source of the table. */
  dataSource: DataSource;
  /** Replaces the generated DAO (e.g. a hand-written one); a Deleteable DAO gets doDelete calls. @default new${c}Dao(dataSource) */
  dao?: Storage<${c}>;
  /** Options of the StorageProxy. @default {} */
  proxy?: StorageProxyOptions;
} & (
  | { /** Cache level in front of the table (a MemoryStorage, a multiLevel stack...). */ cache: Storage<${c}> }
  | { /** Redis client for a cache level with prefix ${constant}_CACHE_PREFIX. */ redis: RedisStorageOptions<${c}>['redis']; /** TTL of cached rows in seconds. @default RedisStorage's default */ ttlSec?: number }
);

/** StorageProxy(prefered = the cache, backup = the table's DAO): cache-aside with backfill. */
export function new${c}Storage(options: ${c}StorageOptions): StorageProxy<${c}> {
  const cache = 'cache' in options ? options.cache : new${c}RedisCache(options.redis, options.ttlSec === undefined ? {} : { ttlSec: options.ttlSec });
  const dao = routeDoDelete(options.dao ?? new${c}Dao(options.dataSource));
  return new StorageProxy<${c}>(cache, dao, options.proxy);
}

// The Deleteable capability: a DAO with doDelete (a soft delete, several keys at once) gets it
// called in place of the generic delete; the proxy still evicts the cache afterwards.
function routeDoDelete(dao: Storage<${c}>): Storage<${c}> {
  if (!isDeleteable(dao)) return dao;
  return {
    get: (key: Key) => dao.get(key),
    set: (key: Key, value: ${c}) => dao.set(key, value),
    add: (key: Key | null, value: ${c}) => dao.add(key, value),
    multiGet: (keys: readonly Key[]) => dao.multiGet(keys),
    multiSet: (entries: ReadonlyMap<Key, ${c}>) => dao.multiSet(entries),
    delete: (...keys: Key[]) => dao.doDelete(...keys),
  };
}
`;
}
