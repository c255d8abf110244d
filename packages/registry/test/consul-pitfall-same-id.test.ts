// Slide 41, pitfall 1: different Consul nodes can hold the same service ID, and an agent only
// deregisters its own. The driver's `name-host-port` IDs keep instances apart, and it
// deregisters an instance through the agent that owns it.
import { startConsul, type ConsulFixture } from './consul-setup';
import { svc } from './helpers';

async function put(port: number, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'PUT', body: body === undefined ? undefined : JSON.stringify(body) });
  await res.text();
  return res.status;
}

describe('slide 41: the same service ID on several nodes', () => {
  let f: ConsulFixture;
  beforeEach(async () => {
    f = await startConsul();
  });
  afterEach(() => f.cleanup());

  it('shows the pitfall: one ID on two agents is two entries, and deregistering on one agent leaves the other', async () => {
    const [p1, p2] = [f.cluster.agent(1).address.port, f.cluster.agent(2).address.port];
    const reg = { ID: 'web', Name: 'web', Port: 80, Check: { TTL: '30s', Status: 'passing' } };
    expect(await put(p1, '/v1/agent/service/register', reg)).toBe(200);
    expect(await put(p2, '/v1/agent/service/register', reg)).toBe(200);
    expect(f.cluster.healthService('web', false).map((r) => `${r.Node.Node}/${r.Service.ID}`)).toEqual(['node-1/web', 'node-2/web']);
    expect(await put(p1, '/v1/agent/service/deregister/web')).toBe(200);
    expect(f.cluster.healthService('web', false).map((r) => r.Node.Node)).toEqual(['node-2']);
  });

  it('gives each instance a unique ID and deregisters a foreign instance through its owning agent', async () => {
    const r1 = f.registry(1);
    const r2 = f.registry(2);
    // Same port, same node id scheme, two hosts: still two distinct Consul IDs.
    await r1.register(svc('web', '1', 80, {}, '10.1.0.1'), { ttlMs: 10_000 });
    await r2.register(svc('web', '1', 80, {}, '10.1.0.2'), { ttlMs: 10_000 });
    const ids = f.cluster.healthService('web', false).map((r) => r.Service.ID);
    expect(ids).toEqual(['web-10.1.0.1-80', 'web-10.1.0.2-80']);
    f.cluster.requests.length = 0;
    await r1.deregister(svc('web', '1', 80, {}, '10.1.0.2')); // owned by agent 2
    const dereg = f.cluster.requests.filter((q) => q.path.startsWith('/v1/agent/service/deregister/'));
    expect(dereg.map((q) => `${q.agent} ${q.path}`)).toEqual(['node-2 /v1/agent/service/deregister/web-10.1.0.2-80']);
    expect(f.cluster.agent(2).state.services.size).toBe(0);
    expect((await r1.getService('web'))[0]!.nodes.map((n) => n.address)).toEqual(['10.1.0.1']);
  });
});

describe('deregistration after a restart', () => {
  let f: ConsulFixture;
  beforeEach(async () => {
    f = await startConsul();
  });
  afterEach(() => f.cleanup());

  it('a fresh driver finds its own agent with /v1/agent/self and deregisters there', async () => {
    await f.registry(1).register(svc('web', '1', 80), { ttlMs: 10_000 });
    const restarted = f.registry(1, { agentFor: () => ({ host: '127.0.0.1', port: 1 }) }); // remote agents unreachable
    f.cluster.requests.length = 0;
    await restarted.deregister(svc('web', '1', 80));
    expect(f.cluster.requests.map((q) => `${q.agent} ${q.method} ${q.path}`)).toEqual([
      'node-1 GET /v1/health/service/web',
      'node-1 GET /v1/agent/self',
      'node-1 PUT /v1/agent/service/deregister/web-10.1.0.1-80',
    ]);
    expect(f.cluster.catalogServices()).toEqual({});
  });
});
