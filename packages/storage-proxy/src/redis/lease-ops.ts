// The cross-process protocol of a Redis cache level (README "Semantics"): backfill leases handed
// out on a miss and checked on fill, leases released when their request timed out on the client,
// and write fences around every write of the store of record. Each step is one Lua script
// (scripts/*.lua, KEYS and ARGV documented in each header), pipelined per key.
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { CacheUnavailableError } from '../errors';
import { assertEntryKeys, assertKey, assertKeys } from '../keys';
import type { Key, LeasedRead, WriteFence } from '../types';
import { checkReply } from './replies';
import { loadScript, runScript, runScriptPipeline } from './scripts';

const GET_OR_LEASE = loadScript('get-or-lease', 3);
const FILL_IF_LEASED = loadScript('fill-if-leased', 2);
const RELEASE_LEASE = loadScript('release-lease', 1);
const WRITE_FENCE = loadScript('write-fence', 3);
const WRITE_DONE = loadScript('write-done', 3);
// Tokens: random per process, a counter within it, so a miss costs no random bytes.
const TOKEN_PREFIX = randomBytes(9).toString('base64');
let tokenCounter = 0;

/** What the operations need of their RedisStorage. */
export interface LeaseContext<T> {
  readonly redis: Redis;
  readonly leaseMs: number;
  readonly fenceMs: number;
  readonly ttlSec: number;
  dataKey(key: Key): string;
  leaseKey(key: Key): string;
  fenceKey(key: Key): string;
  run<R>(what: string, command: () => Promise<R>): Promise<R>;
  encode(value: T): Buffer | string;
  decode(key: Key, data: Buffer): T;
}

function nextToken(): string {
  return `${TOKEN_PREFIX}:${(tokenCounter++).toString(36)}`;
}

const triple = <T>(c: LeaseContext<T>, key: Key): string[] => [c.dataKey(key), c.leaseKey(key), c.fenceKey(key)];

/**
 * Runs a lease request; when its deadline passes on the client (Redis may still grant the lease)
 * the lease is released by a compare-and-delete sent on the same connection, so it runs right
 * after the grant and no orphan lease blocks the key's backfill for `leaseMs`.
 */
async function leaseRequest<T, R>(c: LeaseContext<T>, what: string, releases: ReadonlyArray<{ key: Key; token: string }>, send: () => Promise<R>): Promise<R> {
  try {
    return await c.run(what, send);
  } catch (err) {
    if (err instanceof CacheUnavailableError && err.timedOut && c.redis.status === 'ready') {
      const calls = releases.map(({ key, token }) => ({ keys: [c.leaseKey(key)], args: [token] }));
      runScriptPipeline(c.redis, RELEASE_LEASE, calls).catch(() => undefined); // best effort: else it expires
    }
    throw err;
  }
}

/** GET, and on a miss a lease unless one is out or a write is fenced. */
export async function getOrLease<T>(c: LeaseContext<T>, key: Key): Promise<LeasedRead<T>> {
  assertKey(key);
  const token = nextToken();
  const reply = (await leaseRequest(c, 'getOrLease', [{ key, token }], () => runScript(c.redis, GET_OR_LEASE, triple(c, key), [token, c.leaseMs]))) as [number, Buffer?];
  if (reply[0] === 1) return { hit: true, value: c.decode(key, reply[1]!) };
  return { hit: false, lease: reply[1] === undefined ? null : reply[1].toString() };
}

/** getOrLease for every key, pipelined: the hits, and the leases granted for the misses. */
export async function multiGetOrLease<T>(c: LeaseContext<T>, keys: readonly Key[]): Promise<{ found: Map<Key, T>; leases: Map<Key, string> }> {
  assertKeys(keys);
  const found = new Map<Key, T>();
  const leases = new Map<Key, string>();
  if (keys.length === 0) return { found, leases };
  const token = nextToken();
  const calls = keys.map((key) => ({ keys: triple(c, key), args: [token, c.leaseMs] }));
  const replies = await leaseRequest(c, 'multiGetOrLease', keys.map((key) => ({ key, token })), () => runScriptPipeline(c.redis, GET_OR_LEASE, calls));
  keys.forEach((key, i) => {
    const [hit, data] = checkReply<[number, Buffer?]>(replies, i, 'multiGetOrLease');
    if (hit === 1) found.set(key, c.decode(key, data!));
    else if (data !== undefined) leases.set(key, data.toString());
  });
  return { found, leases };
}

/** Stores `value` only under a lease no write revoked. */
export async function fillIfLeased<T>(c: LeaseContext<T>, key: Key, value: T, lease: string): Promise<boolean> {
  assertKey(key);
  const data = c.encode(value);
  const stored = await c.run('fillIfLeased', () => runScript(c.redis, FILL_IF_LEASED, [c.dataKey(key), c.leaseKey(key)], [lease, data, c.ttlSec]));
  return stored === 1;
}

/** fillIfLeased for every entry, pipelined (each atomic); resolves with the keys stored. */
export async function multiFillIfLeased<T>(c: LeaseContext<T>, entries: ReadonlyMap<Key, { value: T; lease: string }>): Promise<Key[]> {
  assertEntryKeys(entries);
  const keys = [...entries.keys()];
  if (keys.length === 0) return [];
  const calls = keys.map((key) => {
    const { value, lease } = entries.get(key)!;
    return { keys: [c.dataKey(key), c.leaseKey(key)], args: [lease, c.encode(value), c.ttlSec] };
  });
  const replies = await c.run('multiFillIfLeased', () => runScriptPipeline(c.redis, FILL_IF_LEASED, calls));
  return keys.filter((_, i) => checkReply<number>(replies, i, 'multiFillIfLeased') === 1);
}

/** Invalidates and fences `keys` before a write of the store of record. */
export async function fenceWrite<T>(c: LeaseContext<T>, keys: readonly Key[]): Promise<WriteFence> {
  assertKeys(keys);
  const token = nextToken();
  if (keys.length === 0) return { keys, token };
  const calls = keys.map((key) => ({ keys: triple(c, key), args: [token, c.fenceMs] }));
  const replies = await c.run('fenceWrite', () => runScriptPipeline(c.redis, WRITE_FENCE, calls));
  keys.forEach((_, i) => checkReply(replies, i, 'fenceWrite'));
  return { keys: [...keys], token };
}

/** Lifts a fence: writes `values` through for keys no other write overlapped, deletes the rest. */
export async function completeWrite<T>(c: LeaseContext<T>, fence: WriteFence, values: ReadonlyMap<Key, T> | null): Promise<void> {
  if (fence.keys.length === 0) return;
  const calls = fence.keys.map((key) => {
    const value = values?.get(key);
    const set = value !== undefined && value !== null;
    return { keys: triple(c, key), args: [fence.token, set ? 'set' : 'del', set ? c.encode(value) : '', c.ttlSec] };
  });
  const replies = await c.run('completeWrite', () => runScriptPipeline(c.redis, WRITE_DONE, calls));
  fence.keys.forEach((_, i) => checkReply(replies, i, 'completeWrite'));
}
