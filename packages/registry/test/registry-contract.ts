// The Registry contract: one suite, run against every driver (memory-contract.test.ts,
// consul-contract.test.ts). A third-party driver can run it too.
import type { ManualClock } from '@gatehouse/foundation';
import { ErrorCodes, type RegistryError } from '../src/errors';
import type { Registry, WatchEvent } from '../src/types';
import { nextMatching, svc } from './helpers';

/** What a driver under test provides. */
export interface ContractSubject {
  registry: Registry;
  /** The clock driving TTLs (the driver's, or the emulated Consul's). */
  clock: ManualClock;
  cleanup(): Promise<void>;
}

const TTL = 10_000;

/** What the suite needs: a label and a factory of fresh subjects. */
export interface ContractOptions {
  name: string;
  create(): Promise<ContractSubject>;
}

/** Declares the contract tests for the driver built by `create`. */
export function describeRegistryContract({ name, create }: ContractOptions): void {
  describe(`Registry contract: ${name}`, () => {
    let s: ContractSubject;
    beforeEach(async () => {
      s = await create();
    });
    afterEach(async () => {
      await s.cleanup();
    });

    it('returns a registered service with metadata, endpoints and node metadata', async () => {
      await s.registry.register(svc('users', '1.0.0', 8001), { ttlMs: TTL });
      const got = await s.registry.getService('users');
      expect(got).toEqual([svc('users', '1.0.0', 8001)]);
    });

    it('groups nodes by version, sorted by version then node id', async () => {
      await s.registry.register(svc('users', '2.0.0', 8003), { ttlMs: TTL });
      await s.registry.register(svc('users', '1.0.0', 8002), { ttlMs: TTL });
      await s.registry.register(svc('users', '1.0.0', 8001), { ttlMs: TTL });
      const got = await s.registry.getService('users');
      expect(got.map((g) => [g.version, g.nodes.map((n) => n.port)])).toEqual([
        ['1.0.0', [8001, 8002]],
        ['2.0.0', [8003]],
      ]);
    });

    it('returns [] for an unknown service', async () => {
      await expect(s.registry.getService('nobody')).resolves.toEqual([]);
    });

    it('deregisters only the nodes given, and the service disappears with its last node', async () => {
      await s.registry.register(svc('orders', '1', 9001), { ttlMs: TTL });
      await s.registry.register(svc('orders', '1', 9002), { ttlMs: TTL });
      await s.registry.deregister(svc('orders', '1', 9001));
      expect((await s.registry.getService('orders'))[0]!.nodes.map((n) => n.port)).toEqual([9002]);
      await s.registry.deregister(svc('orders', '1', 9002));
      expect(await s.registry.getService('orders')).toEqual([]);
    });

    it('deregisters every instance of a version when no node is given', async () => {
      await s.registry.register(svc('bulk', '1', 1601), { ttlMs: TTL });
      await s.registry.register(svc('bulk', '1', 1602), { ttlMs: TTL });
      await s.registry.register(svc('bulk', '2', 1603), { ttlMs: TTL });
      await s.registry.deregister({ ...svc('bulk', '1', 1601), nodes: [] });
      expect((await s.registry.getService('bulk')).map((g) => g.version)).toEqual(['2']);
    });

    it('rejects every call with REG_CLOSED after close() and stops its watchers', async () => {
      const w = s.registry.watch({ service: 'gone' });
      await s.registry.close?.();
      await expect(w.next()).rejects.toMatchObject({ code: ErrorCodes.WATCHER_STOPPED });
      await expect(s.registry.getService('gone')).rejects.toMatchObject({ code: ErrorCodes.CLOSED });
      await expect(s.registry.register(svc('gone', '1', 1700))).rejects.toMatchObject({ code: ErrorCodes.CLOSED });
      expect(() => s.registry.watch()).toThrow(expect.objectContaining({ code: ErrorCodes.CLOSED }));
    });

    it('rejects invalid services with a typed error naming the field, writing nothing', async () => {
      const bad = svc('pay', '1', 7000);
      bad.nodes.push({ id: 'pay-x', address: 'not an address!', port: 7001, metadata: {} });
      await expect(s.registry.register(bad)).rejects.toMatchObject({ code: ErrorCodes.INVALID_SERVICE, field: 'nodes[1].address' });
      await expect(s.registry.register(svc('pay', '1', 0))).rejects.toMatchObject({ field: 'nodes[0].port' });
      await expect(s.registry.register({ ...svc('pay', '1', 7000), nodes: [] })).rejects.toMatchObject({ field: 'nodes' });
      await expect(s.registry.register(svc('bad name', '1', 7000))).rejects.toMatchObject({ field: 'name' });
      expect(await s.registry.getService('pay')).toEqual([]);
    });

    it('lists one summary entry per name and version', async () => {
      await s.registry.register(svc('a', '1', 1001), { ttlMs: TTL });
      await s.registry.register(svc('a', '2', 1002), { ttlMs: TTL });
      await s.registry.register(svc('b', '1', 1003), { ttlMs: TTL });
      const list = await s.registry.listServices();
      expect(list.map((x) => `${x.name}@${x.version}`)).toEqual(['a@1', 'a@2', 'b@1']);
      expect(list.every((x) => x.nodes.length === 0)).toBe(true);
    });

    it('applies a changed registration of the same node', async () => {
      await s.registry.register(svc('cfg', '1', 1100), { ttlMs: TTL });
      await s.registry.register(svc('cfg', '1', 1100, { metadata: { team: 'edge' } }), { ttlMs: TTL });
      expect((await s.registry.getService('cfg'))[0]!.metadata).toEqual({ team: 'edge' });
    });

    it('drops an instance that misses its TTL and keeps one that heartbeats', async () => {
      await s.registry.register(svc('ttl', '1', 1201), { ttlMs: TTL });
      await s.registry.register(svc('ttl', '1', 1202), { ttlMs: TTL });
      await s.clock.advanceAsync(TTL - 2000);
      await s.registry.register(svc('ttl', '1', 1202), { ttlMs: TTL }); // heartbeat
      await s.clock.advanceAsync(3000);
      expect((await s.registry.getService('ttl'))[0]!.nodes.map((n) => n.port)).toEqual([1202]);
    });

    it('hands out copies: mutating a result does not change the registry', async () => {
      await s.registry.register(svc('copy', '1', 1300), { ttlMs: TTL });
      const [first] = await s.registry.getService('copy');
      first!.nodes[0]!.metadata.zone = 'mutated';
      expect((await s.registry.getService('copy'))[0]!.nodes[0]!.metadata.zone).toBe('a');
    });

    it('watch() reports existing services, then create, update and delete', async () => {
      await s.registry.register(svc('pre', '1', 1400), { ttlMs: TTL });
      const w = s.registry.watch();
      try {
        const isFor = (name: string, action: WatchEvent['action']) => (e: WatchEvent) => e.service.name === name && e.action === action;
        expect((await nextMatching(w, isFor('pre', 'create'))).service.nodes).toHaveLength(1);
        await s.registry.register(svc('live', '1', 1401), { ttlMs: TTL });
        await nextMatching(w, isFor('live', 'create'));
        await s.registry.register(svc('live', '1', 1402), { ttlMs: TTL });
        const upd = await nextMatching(w, (e) => isFor('live', 'update')(e) && e.service.nodes.length === 2);
        expect(upd.service.nodes.map((n) => n.port)).toEqual([1401, 1402]);
        await s.registry.deregister({ ...svc('live', '1', 1401), nodes: [...svc('live', '1', 1401).nodes, ...svc('live', '1', 1402).nodes] });
        const del = await nextMatching(w, isFor('live', 'delete'));
        expect(del.service.version).toBe('1');
      } finally {
        w.stop();
      }
    });

    it('watch({service}) only reports that service', async () => {
      const w = s.registry.watch({ service: 'mine' });
      try {
        await s.registry.register(svc('other', '1', 1500), { ttlMs: TTL });
        await s.registry.register(svc('mine', '1', 1501), { ttlMs: TTL });
        const e = await nextMatching(w, () => true);
        expect([e.action, e.service.name]).toEqual(['create', 'mine']);
      } finally {
        w.stop();
      }
    });

    it('stop() ends iteration and makes next() reject with REG_WATCHER_STOPPED', async () => {
      const w = s.registry.watch({ service: 'x' });
      const pending = w.next();
      w.stop();
      await expect(pending).rejects.toMatchObject({ code: ErrorCodes.WATCHER_STOPPED } satisfies Partial<RegistryError>);
      const seen: WatchEvent[] = [];
      for await (const e of w) seen.push(e);
      expect(seen).toEqual([]);
    });
  });
}
