// A deterministic scheduler for concurrency tests. Every request to a GatedStorage waits twice:
// before it executes and before its reply is delivered; the scheduler releases one waiting step
// at a time, chosen by a seeded PRNG. A FIFO storage (a cache on one connection) executes requests
// in the order they were issued; a non-FIFO one (a database with a pool) in any order.
import { type Key, keyId, type LeaseCapable, type LeasedRead, MemoryStorage, type Storage } from '../src';

interface Step {
  storage: GatedStorage<unknown>;
  phase: 'execute' | 'reply';
  seq: number;
  release: () => void;
}

export class Scheduler {
  private readonly waiting: Step[] = [];
  private seq = 0;
  /** Steps released, in order (for a failure message). */
  readonly trace: string[] = [];

  constructor(private readonly random: () => number) {}

  /** @internal */
  wait(storage: GatedStorage<unknown>, phase: 'execute' | 'reply', label: string): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({ storage, phase, seq: this.seq++, release: () => { this.trace.push(`${phase} ${label}`); resolve(); } });
    });
  }

  /** Runs `actors` to completion, releasing one step at a time in seeded order. */
  async run(actors: Array<() => Promise<unknown>>): Promise<PromiseSettledResult<unknown>[]> {
    let settled = false;
    const all = Promise.allSettled(actors.map((actor) => actor())).then((results) => {
      settled = true;
      return results;
    });
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve)); // let every actor reach a gate
      if (settled) break;
      const eligible = this.waiting.filter((step) => this.isEligible(step));
      if (eligible.length === 0) throw new Error('deadlock: actors pending with no step to release');
      const step = eligible[Math.floor(this.random() * eligible.length)]!;
      this.waiting.splice(this.waiting.indexOf(step), 1);
      step.release();
    }
    return all;
  }

  private isEligible(step: Step): boolean {
    if (step.phase === 'reply' || !step.storage.fifo) return true;
    // FIFO storages execute only their oldest waiting request.
    return !this.waiting.some((other) => other.storage === step.storage && other.phase === 'execute' && other.seq < step.seq);
  }
}

/** A MemoryStorage whose every operation is gated by the scheduler. */
export class GatedStorage<T> implements Storage<T> {
  readonly inner = new MemoryStorage<T>();

  constructor(
    readonly name: string,
    private readonly scheduler: Scheduler,
    readonly fifo: boolean,
  ) {}

  protected async gatedOp<R>(label: string, op: () => Promise<R>): Promise<R> {
    const self = this as GatedStorage<unknown>;
    await this.scheduler.wait(self, 'execute', `${this.name}.${label}`);
    const result = op().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const outcome = await result;
    await this.scheduler.wait(self, 'reply', `${this.name}.${label}`);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  get(key: Key): Promise<T> {
    return this.gatedOp(`get(${key})`, () => this.inner.get(key));
  }
  set(key: Key, value: T): Promise<void> {
    return this.gatedOp(`set(${key}=${JSON.stringify(value)})`, () => this.inner.set(key, value));
  }
  add(key: Key | null, value: T): Promise<Key> {
    return this.gatedOp(`add(${key})`, () => this.inner.add(key, value));
  }
  multiGet(keys: readonly Key[]): Promise<Map<Key, T>> {
    return this.gatedOp(`multiGet(${keys.join(',')})`, () => this.inner.multiGet(keys));
  }
  multiSet(entries: ReadonlyMap<Key, T>): Promise<void> {
    return this.gatedOp(`multiSet(${[...entries.keys()].join(',')})`, () => this.inner.multiSet(entries));
  }
  delete(...keys: Key[]): Promise<void> {
    return this.gatedOp(`delete(${keys.join(',')})`, () => this.inner.delete(...keys));
  }
}

/**
 * A gated shared cache with the lease protocol of RedisStorage (get-or-lease, fill-if-leased, and
 * every write revokes the key's lease as it executes): two proxies over one of these play two
 * processes over one Redis.
 */
export class LeasingGatedStorage<T> extends GatedStorage<T> implements LeaseCapable<T> {
  private readonly leases = new Map<string, string>();
  private nextToken = 1;

  getOrLease(key: Key): Promise<LeasedRead<T>> {
    return this.gatedOp(`getOrLease(${key})`, async (): Promise<LeasedRead<T>> => {
      const value = this.inner.peek(key);
      if (value !== undefined) return { hit: true, value };
      if (this.leases.has(keyId(key))) return { hit: false, lease: null };
      const token = `t${this.nextToken++}`;
      this.leases.set(keyId(key), token);
      return { hit: false, lease: token };
    });
  }

  fillIfLeased(key: Key, value: T, lease: string): Promise<boolean> {
    return this.gatedOp(`fillIfLeased(${key}=${JSON.stringify(value)})`, async () => {
      if (this.leases.get(keyId(key)) !== lease) return false;
      this.leases.delete(keyId(key));
      await this.inner.set(key, value);
      return true;
    });
  }

  multiGetOrLease(keys: readonly Key[]): Promise<{ found: Map<Key, T>; leases: Map<Key, string> }> {
    return this.gatedOp(`multiGetOrLease(${keys.join(',')})`, async () => {
      const found = new Map<Key, T>();
      const leases = new Map<Key, string>();
      for (const key of keys) {
        const value = this.inner.peek(key);
        if (value !== undefined) found.set(key, value);
        else if (!this.leases.has(keyId(key))) {
          const token = `t${this.nextToken++}`;
          this.leases.set(keyId(key), token);
          leases.set(key, token);
        }
      }
      return { found, leases };
    });
  }

  multiFillIfLeased(entries: ReadonlyMap<Key, { value: T; lease: string }>): Promise<Key[]> {
    return this.gatedOp(`multiFillIfLeased(${[...entries.keys()].join(',')})`, async () => {
      const stored: Key[] = [];
      for (const [key, { value, lease }] of entries) {
        if (this.leases.get(keyId(key)) !== lease) continue;
        this.leases.delete(keyId(key));
        await this.inner.set(key, value);
        stored.push(key);
      }
      return stored;
    });
  }

  override set(key: Key, value: T): Promise<void> {
    return this.gatedOp(`set(${key}=${JSON.stringify(value)})`, () => this.revoking([key], () => this.inner.set(key, value)));
  }

  override multiSet(entries: ReadonlyMap<Key, T>): Promise<void> {
    return this.gatedOp(`multiSet(${[...entries.keys()].join(',')})`, () => this.revoking([...entries.keys()], () => this.inner.multiSet(entries)));
  }

  override delete(...keys: Key[]): Promise<void> {
    return this.gatedOp(`delete(${keys.join(',')})`, () => this.revoking(keys, () => this.inner.delete(...keys)));
  }

  override add(key: Key | null, value: T): Promise<Key> {
    return this.gatedOp(`add(${key})`, () => this.revoking(key === null ? [] : [key], () => this.inner.add(key, value)));
  }

  private async revoking<R>(keys: readonly Key[], write: () => Promise<R>): Promise<R> {
    for (const key of keys) this.leases.delete(keyId(key));
    return write();
  }
}
