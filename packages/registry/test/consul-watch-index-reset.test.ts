// Watches use blocking queries on X-Consul-Index and restart from a non-blocking read when the
// index goes backwards (or is not positive), so they never wait on an index that will not come.
import { nextIndex } from '../src/consul/blocking-loop';
import { startConsul, type ConsulFixture } from './consul-setup';
import { eventually, nextMatching, svc } from './helpers';

describe('watch index handling', () => {
  it('nextIndex keeps a forward index and resets to 0 when it goes backwards or is <= 0', () => {
    expect(nextIndex(0, 7)).toBe(7);
    expect(nextIndex(7, 9)).toBe(9);
    expect(nextIndex(9, 9)).toBe(9);
    expect(nextIndex(9, 4)).toBe(0);
    expect(nextIndex(9, 0)).toBe(0);
    expect(nextIndex(9, -1)).toBe(0);
    expect(nextIndex(9, Number.NaN)).toBe(0);
  });

  describe('against the emulator', () => {
    let f: ConsulFixture;
    beforeEach(async () => {
      f = await startConsul(1);
    });
    afterEach(() => f.cleanup());

    const healthQueries = () => f.cluster.requests.filter((q) => q.path === '/v1/health/service/web');

    it('sends the last X-Consul-Index with a wait, and resets after the index went backwards', async () => {
      f.cluster.index.set(500); // a cluster that has seen some writes
      const r = f.registry(1, { watchWaitMs: 60_000 });
      const w = r.watch({ service: 'web' });
      try {
        await r.register(svc('web', '1', 80), { ttlMs: 600_000 });
        await nextMatching(w, (e) => e.action === 'create');
        const blockedAt = String(f.cluster.index.current);
        await eventually(() => healthQueries().at(-1)?.query.index === blockedAt);
        expect(healthQueries().at(-1)!.query.wait).toBe('60s');

        f.cluster.index.set(3); // e.g. the servers restored an older snapshot
        await f.clock.advanceAsync(60_000); // the blocked query times out and answers index 3
        await eventually(() => healthQueries().some((q, i, all) => i > 0 && all[i - 1]!.query.index === blockedAt && q.query.index === undefined));
        await eventually(() => healthQueries().at(-1)?.query.index === '3');

        await r.register(svc('web', '1', 81), { ttlMs: 600_000 });
        const e = await nextMatching(w, (ev) => ev.action === 'update');
        expect(e.service.nodes.map((n) => n.port)).toEqual([80, 81]);
      } finally {
        w.stop();
      }
    });
  });
});
