import { ManualClock } from '../../engine/clock';
import { silentLogger } from '../../engine/logger';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { ActiveHealthCheck } from './active-health-check';
import { Upstream } from './upstream';

const outliers = { consecutive_failures: 2, base_ejection_sec: 60, max_ejection_sec: 600, max_ejected_percent: 100 };

describe('ActiveHealthCheck (interval, thresholds, on the injected clock)', () => {
  let a: TestBackend;
  let b: TestBackend;
  let bHealthy = true;
  let upstream: Upstream;
  let check: ActiveHealthCheck;
  const clock = new ManualClock();
  const round = async (): Promise<void> => {
    clock.advance(1000); // the interval: the timer starts a round
    await check.probeAll(); // the round in flight
  };
  const picks = (n: number): string[] => Array.from({ length: n }, () => upstream.pick(undefined, undefined)?.id ?? 'none');
  beforeAll(async () => {
    a = await startBackend((_req, res) => res.end('ok'));
    b = await startBackend((req, res) => {
      res.statusCode = req.url === '/healthz' && !bHealthy ? 500 : 200;
      res.end();
    });
    upstream = new Upstream(
      { registry: 'agent', registry_agent_url: '', registry_refresh_sec: 1, balance: 'round-robin', hash_key: '', outlier_detection: outliers },
      clock,
      { connections: 4, keepAliveMs: 5000 },
    );
    upstream.setInstances([
      { id: 'a', address: '127.0.0.1', port: a.port, metadata: {} },
      { id: 'b', address: '127.0.0.1', port: b.port, metadata: {} },
    ]);
    check = new ActiveHealthCheck({ path: '/healthz', interval_sec: 1, timeout_sec: 1, healthy_threshold: 2, unhealthy_threshold: 3 }, upstream, clock, silentLogger);
    check.start();
  });
  afterAll(async () => {
    check.close();
    await upstream.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('probes nothing before the first interval', () => {
    expect(b.requests.length).toBe(0);
    expect(clock.pending()).toBe(1);
  });

  it('takes an instance out after unhealthy_threshold failed probes in a row, not before', async () => {
    bHealthy = false;
    await round();
    await round();
    expect(upstream.health().find((h) => h.id === 'b')!.healthy).toBe(true);
    await round();
    expect(upstream.health().find((h) => h.id === 'b')).toMatchObject({ healthy: false, available: false });
    expect(new Set(picks(6))).toEqual(new Set(['a']));
  });

  it('brings it back after healthy_threshold passing probes (≤ interval × healthy_threshold)', async () => {
    bHealthy = true;
    await round();
    expect(upstream.health().find((h) => h.id === 'b')!.healthy).toBe(false);
    await round();
    expect(upstream.health().find((h) => h.id === 'b')).toMatchObject({ healthy: true, available: true });
    expect(new Set(picks(6))).toEqual(new Set(['a', 'b']));
  });

  it('a passing probe ends a passive ejection early', async () => {
    const inst = upstream.all().find((i) => i.id === 'b')!;
    upstream.end(inst, clock.now(), 'failure');
    upstream.end(inst, clock.now(), 'failure');
    expect(upstream.health().find((h) => h.id === 'b')).toMatchObject({ ejected: true, ejected_for_ms: 60_000, available: false });
    await round();
    expect(upstream.health().find((h) => h.id === 'b')).toMatchObject({ ejected: false, available: true });
  });

  it('with every instance out, pick answers undefined (the caller answers 503 at once)', async () => {
    for (const id of ['a', 'b']) {
      const inst = upstream.all().find((i) => i.id === id)!;
      upstream.end(inst, clock.now(), 'failure');
      upstream.end(inst, clock.now(), 'failure');
    }
    expect(upstream.pick(undefined, undefined)).toBeUndefined();
    expect(upstream.availableCount()).toBe(0);
  });
});
