// A registration carries a TTL check with DeregisterCriticalServiceAfter >= 1m; an instance that
// stops heartbeating goes critical, then Consul reaps it.
import { ErrorCodes } from '../src/errors';
import { ConsulRegistry } from '../src/consul/consul-registry';
import { uniqueNodeId } from '../src/service';
import { startConsul, type ConsulFixture } from './consul-setup';
import { svc } from './helpers';

describe('Consul TTL check and reaping', () => {
  let f: ConsulFixture;
  beforeEach(async () => {
    f = await startConsul();
  });
  afterEach(() => f.cleanup());

  it('registers a TTL check with DeregisterCriticalServiceAfter = max(1m, 3 x TTL) and passes it', async () => {
    await f.registry(1).register(svc('web', '1', 80), { ttlMs: 10_000 });
    const id = uniqueNodeId('web', '10.1.0.1', 80);
    const check = f.cluster.agent(1).state.checks.get(`service:${id}`)!;
    expect(check).toMatchObject({ ttlMs: 10_000, deregisterAfterMs: 60_000, Status: 'passing', ServiceID: id });
    await f.registry(2).register(svc('web', '1', 81, {}, '10.1.0.2'), { ttlMs: 30_000 });
    expect(f.cluster.agent(2).state.checks.get(`service:${uniqueNodeId('web', '10.1.0.2', 81)}`)!.deregisterAfterMs).toBe(90_000);
  });

  it('refuses DeregisterCriticalServiceAfter below Consul\'s 1 minute minimum', () => {
    expect(() => new ConsulRegistry({ deregisterCriticalAfterMs: 30_000 })).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_OPTIONS }));
  });

  it('marks a silent instance critical after its TTL and reaps it after DeregisterCriticalServiceAfter', async () => {
    const r = f.registry(1);
    await r.register(svc('web', '1', 80), { ttlMs: 10_000 });
    const id = uniqueNodeId('web', '10.1.0.1', 80);
    await f.clock.advanceAsync(10_001);
    expect(f.cluster.agent(1).state.checks.get(`service:${id}`)!.Status).toBe('critical');
    expect(await r.getService('web')).toEqual([]);
    // Still in the catalog while critical...
    expect(f.cluster.catalogServices()).toHaveProperty('web');
    // ...until critical for > 60 s and the 30 s reaper has run.
    await f.clock.advanceAsync(90_000);
    expect(f.cluster.agent(1).state.services.has(id)).toBe(false);
    expect(f.cluster.catalogServices()).not.toHaveProperty('web');
  });
});
