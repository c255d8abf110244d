// The emulator itself, over raw HTTP, against Consul's documented v1 semantics, so the driver's
// tests rest on a faithful stand-in.
import { ManualClock } from '@gatehouse/foundation';
import { ConsulCluster } from './consul-emulator/cluster';

describe('Consul API emulator semantics', () => {
  let clock: ManualClock;
  let cluster: ConsulCluster;
  let base: string;
  beforeEach(async () => {
    clock = new ManualClock();
    cluster = await ConsulCluster.start({ clock, agents: 2, random: () => 0 });
    base = `http://127.0.0.1:${cluster.agent(1).address.port}`;
  });
  afterEach(() => cluster.close());

  const put = async (path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method: 'PUT', body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };
  const health = async (query = '') => {
    const res = await fetch(`${base}/v1/health/service/api${query}`);
    return { index: Number(res.headers.get('x-consul-index')), rows: (await res.json()) as { Checks: { CheckID: string; Status: string; Output: string }[] }[] };
  };
  const register = (extra: Record<string, unknown> = {}) =>
    put('/v1/agent/service/register', { Name: 'api', ID: 'api-1', Port: 80, Check: { TTL: '10s', DeregisterCriticalServiceAfter: '30s' }, ...extra });

  it('starts a TTL check critical; pass, warn, fail and update set its status and output', async () => {
    expect((await register()).status).toBe(200);
    expect((await health()).rows[0]!.Checks[1]).toMatchObject({ CheckID: 'service:api-1', Status: 'critical' });
    expect((await health('?passing')).rows).toHaveLength(0);
    await put('/v1/agent/check/pass/service:api-1?note=ok');
    expect((await health('?passing')).rows).toHaveLength(1);
    await put('/v1/agent/check/warn/service:api-1?note=slow');
    expect((await health()).rows[0]!.Checks[1]).toMatchObject({ Status: 'warning', Output: 'slow' });
    await put('/v1/agent/check/update/service:api-1', { Status: 'passing', Output: 'fine' });
    expect((await health()).rows[0]!.Checks[1]).toMatchObject({ Status: 'passing', Output: 'fine' });
    await put('/v1/agent/check/fail/service:api-1');
    expect((await health()).rows[0]!.Checks[1]!.Status).toBe('critical');
    expect((await put('/v1/agent/check/pass/service:nope')).status).toBe(404);
    expect((await put('/v1/agent/check/update/service:api-1', { Status: 'bogus' })).status).toBe(400);
  });

  it('expires the TTL to critical and reaps after DeregisterCriticalServiceAfter, raised to the 1 minute minimum', async () => {
    await register();
    await put('/v1/agent/check/pass/service:api-1');
    await clock.advanceAsync(10_001);
    expect((await health()).rows[0]!.Checks[1]).toMatchObject({ Status: 'critical', Output: 'TTL expired' });
    await clock.advanceAsync(40_000); // critical for 40 s: a 30 s setting would have reaped it, 1 m does not
    expect((await health()).rows).toHaveLength(1);
    await clock.advanceAsync(40_000); // > 60 s critical, then the 30 s reaper's next pass
    expect((await health()).rows).toHaveLength(0);
  });

  it('validates registrations like Consul: name required, Meta limits, deregister of an unknown ID is 404', async () => {
    expect((await put('/v1/agent/service/register', { Port: 80 })).text).toBe('Missing service name');
    expect((await register({ Meta: { 'bad key': 'x' } })).status).toBe(400);
    expect((await register({ Meta: { k: 'x'.repeat(513) } })).status).toBe(400);
    expect((await register({ Meta: { 'consul-x': 'y' } })).status).toBe(400);
    expect((await put('/v1/agent/service/deregister/ghost')).status).toBe(404);
    expect(cluster.catalogServices()).toEqual({});
  });

  it('blocks on index until a change, or until wait (plus jitter) expires, always with X-Consul-Index', async () => {
    await register({ Check: { TTL: '600s' } });
    const first = await health();
    expect(first.index).toBeGreaterThan(0);
    let settled = false;
    const blocked = health(`?index=${first.index}&wait=30s`).then((r) => {
      settled = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    await put('/v1/agent/check/pass/service:api-1');
    const woke = await blocked;
    expect(woke.index).toBeGreaterThan(first.index);
    const idle = health(`?index=${woke.index}&wait=30s`);
    await new Promise((r) => setTimeout(r, 50));
    await clock.advanceAsync(30_000);
    expect((await idle).index).toBe(woke.index); // a timeout answers the same index
  });

  it('answers agent self with the node name, and catalog services with their tags', async () => {
    await register({ Tags: ['v1', 'blue'] });
    const self = (await (await fetch(`${base}/v1/agent/self`)).json()) as { Config: { NodeName: string; Datacenter: string } };
    expect(self.Config).toMatchObject({ NodeName: 'node-1', Datacenter: 'dc1' });
    const res = await fetch(`${base}/v1/catalog/services`);
    expect(res.headers.get('x-consul-index')).toMatch(/^\d+$/);
    expect(await res.json()).toEqual({ api: ['blue', 'v1'] });
  });
});
