// How StorageProxy writes around its prefered (cache) level: the cache is invalidated before the
// store of record is written, and filled after it. A WriteFencing cache (Redis) does it with a
// fence other processes respect; any other cache (in-process memory) gets a delete before and, if
// no other write of the key overlapped in this process, the value after. A write whose cache
// cannot be invalidated fails before the store of record is touched: that is what keeps a cache
// outage from leaving stale or resurrected entries behind (README "Writes and cache outages").
import { keyId } from './keys';
import { type Key, type Storage, isWriteFencing } from './types';

/** A write in progress: `complete` after the store-of-record write (null values: it failed, or was a delete). */
export interface CacheWrite<T> {
  complete(values: ReadonlyMap<Key, T> | null): Promise<void>;
}

interface Ticket {
  readonly ids: readonly string[];
  readonly overlapped: Set<string>;
}

/** Writes of this process per key, to tell which ones overlapped. */
class WriteTickets {
  private readonly byId = new Map<string, Set<Ticket>>();

  begin(keys: readonly Key[]): Ticket {
    const ticket: Ticket = { ids: keys.map(keyId), overlapped: new Set() };
    for (const id of ticket.ids) {
      let set = this.byId.get(id);
      if (set === undefined) this.byId.set(id, (set = new Set()));
      for (const other of set) {
        other.overlapped.add(id);
        ticket.overlapped.add(id);
      }
      set.add(ticket);
    }
    return ticket;
  }

  end(ticket: Ticket): Set<string> {
    for (const id of ticket.ids) {
      const set = this.byId.get(id);
      set?.delete(ticket);
      if (set?.size === 0) this.byId.delete(id);
    }
    return ticket.overlapped;
  }
}

/** Begins cache writes on one prefered storage. */
export class CacheWriter<T> {
  private readonly tickets = new WriteTickets();

  constructor(private readonly prefered: Storage<T>) {}

  /** Invalidates `keys` in the cache; rejects (and nothing may be written) when it cannot. */
  async begin(keys: readonly Key[]): Promise<CacheWrite<T>> {
    const prefered = this.prefered;
    if (isWriteFencing(prefered)) {
      const fence = await prefered.fenceWrite(keys);
      return { complete: (values) => prefered.completeWrite(fence, values) };
    }
    const ticket = this.tickets.begin(keys);
    try {
      await prefered.delete(...keys);
    } catch (err) {
      this.tickets.end(ticket);
      throw err;
    }
    return {
      complete: async (values) => {
        const overlapped = this.tickets.end(ticket);
        const through = new Map<Key, T>();
        const drop: Key[] = [];
        for (const key of keys) {
          const value = values?.get(key);
          if (value !== undefined && value !== null && !overlapped.has(keyId(key))) through.set(key, value);
          else drop.push(key);
        }
        if (drop.length > 0) await prefered.delete(...drop);
        if (through.size === 1) {
          const [[key, value]] = through;
          await prefered.set(key, value);
        } else if (through.size > 1) await prefered.multiSet(through);
      },
    };
  }
}
