// A watch backs off with jitter while Consul is unreachable and resumes when it is back.
import { backoffDelay } from '@gatehouse/foundation';
import { startConsul, type ConsulFixture } from './consul-setup';
import { eventually, nextMatching, svc } from './helpers';

describe('watch backoff', () => {
  it('draws delays in [ceiling/2, ceiling], doubling per attempt up to the maximum', () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, { ...opts, random: () => 0 }))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, { ...opts, random: () => 0.999999 }))).toEqual([100, 200, 400, 800, 1000]);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(3, opts)));
    expect(spread.size).toBeGreaterThan(10); // jitter spreads a fleet out
  });

  describe('against the emulator', () => {
    let f: ConsulFixture;
    beforeEach(async () => {
      f = await startConsul(1);
    });
    afterEach(() => f.cleanup());

    it('retries on the backoff schedule while the agent is down, then resumes', async () => {
      const errors: unknown[] = [];
      const r = f.registry(1, { backoff: { baseMs: 1000, maxMs: 8000, random: () => 0 }, onWatchError: (e) => errors.push(e) });
      const w = r.watch({ service: 'web' });
      try {
        await eventually(() => f.cluster.requests.some((q) => q.path === '/v1/health/service/web' && q.query.index !== undefined));
        await f.cluster.agent(1).stop();
        await eventually(() => errors.length === 1);
        expect(errors[0]).toMatchObject({ code: 'REG_CONSUL_UNAVAILABLE' });
        await f.clock.advanceAsync(499);
        expect(errors).toHaveLength(1); // first delay is 500 ms
        await f.clock.advanceAsync(1);
        await eventually(() => errors.length === 2);
        await f.clock.advanceAsync(999);
        expect(errors).toHaveLength(2); // second delay is 1000 ms
        await f.clock.advanceAsync(1);
        await eventually(() => errors.length === 3);

        await f.cluster.agent(1).start();
        await r.register(svc('web', '1', 80), { ttlMs: 600_000 });
        await f.clock.advanceAsync(2000); // third delay
        const e = await nextMatching(w, () => true);
        expect([e.action, e.service.nodes[0]!.port]).toEqual(['create', 80]);
      } finally {
        w.stop();
      }
    });
  });
});
