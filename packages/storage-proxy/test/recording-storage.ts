// A real MemoryStorage with a call log and switchable failures, to check the order in which the
// proxy calls its two storages and what it does when one of them fails.
import { CacheUnavailableError, type Key, MemoryStorage, type Storage } from '../src';

export type Operation = 'get' | 'set' | 'add' | 'multiGet' | 'multiSet' | 'delete' | 'incr' | 'decr';

export class RecordingStorage<T> implements Storage<T> {
  readonly inner = new MemoryStorage<T>();
  /** Operations that fail with `failure` until removed. */
  readonly failing = new Set<Operation>();
  failure: Error = new CacheUnavailableError('switched off by the test');
  /** Keys `add(null, ...)` assigns, counting up (to play a database with auto-increment). */
  private nextId = 1000;

  constructor(
    readonly name: string,
    readonly log: string[] = [],
    private readonly assignsKeys = false,
  ) {}

  private enter(op: Operation, detail: unknown): void {
    this.log.push(`${this.name}.${op}(${JSON.stringify(detail)})`);
    if (this.failing.has(op)) throw this.failure;
  }

  async get(key: Key): Promise<T> {
    this.enter('get', key);
    return this.inner.get(key);
  }
  async set(key: Key, value: T): Promise<void> {
    this.enter('set', key);
    return this.inner.set(key, value);
  }
  async add(key: Key | null, value: T): Promise<Key> {
    this.enter('add', key);
    const k = key ?? (this.assignsKeys ? this.nextId++ : key);
    return this.inner.add(k, value);
  }
  async multiGet(keys: readonly Key[]): Promise<Map<Key, T>> {
    this.enter('multiGet', keys);
    return this.inner.multiGet(keys);
  }
  async multiSet(entries: ReadonlyMap<Key, T>): Promise<void> {
    this.enter('multiSet', [...entries.keys()]);
    return this.inner.multiSet(entries);
  }
  async delete(...keys: Key[]): Promise<void> {
    this.enter('delete', keys);
    return this.inner.delete(...keys);
  }
  async incr(key: Key, by?: number): Promise<number> {
    this.enter('incr', key);
    return this.inner.incr(key, by);
  }
  async decr(key: Key, by?: number): Promise<number> {
    this.enter('decr', key);
    return this.inner.decr(key, by);
  }
}

/** A cache and a DB sharing one log. */
export function pair<T>(): { log: string[]; cache: RecordingStorage<T>; db: RecordingStorage<T> } {
  const log: string[] = [];
  return { log, cache: new RecordingStorage<T>('cache', log), db: new RecordingStorage<T>('db', log, true) };
}
