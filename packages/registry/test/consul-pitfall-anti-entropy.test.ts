// Slide 41, pitfall 2: a catalog deregistration is undone by the owning agent's anti-entropy
// sync. The driver never uses /v1/catalog/deregister; its deregistration sticks.
import { startConsul, type ConsulFixture } from './consul-setup';
import { svc } from './helpers';

describe('slide 41: catalog deregistration undone by anti-entropy', () => {
  let f: ConsulFixture;
  beforeEach(async () => {
    f = await startConsul();
  });
  afterEach(() => f.cleanup());

  it('shows the pitfall: the service comes back after a catalog deregister', async () => {
    const r = f.registry(1);
    await r.register(svc('web', '1', 80), { ttlMs: 120_000 }); // stays passing over the sync period
    const res = await fetch(`http://127.0.0.1:${f.cluster.agent(2).address.port}/v1/catalog/deregister`, {
      method: 'PUT',
      body: JSON.stringify({ Datacenter: 'dc1', Node: 'node-1', ServiceID: 'web-10.1.0.1-80' }),
    });
    expect(await res.json()).toBe(true);
    expect(await r.getService('web')).toEqual([]);
    await f.clock.advanceAsync(60_000); // one anti-entropy period
    expect(await r.getService('web')).toHaveLength(1);
  });

  it('deregisters through the owning agent, which stays deregistered after anti-entropy', async () => {
    const r = f.registry(1);
    await r.register(svc('web', '1', 80), { ttlMs: 10_000 });
    await r.deregister(svc('web', '1', 80));
    f.cluster.antiEntropy();
    await f.clock.advanceAsync(60_000);
    expect(await r.getService('web')).toEqual([]);
    expect(f.cluster.requests.some((q) => q.path === '/v1/catalog/deregister')).toBe(false);
  });
});
