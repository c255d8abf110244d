// Version, metadata and endpoints travel in Consul Meta within Consul's limits (512-character
// values, 64 keys); too much metadata fails before anything is written.
import { ErrorCodes } from '../src/errors';
import { startConsul, type ConsulFixture } from './consul-setup';
import { svc } from './helpers';

describe('Consul Meta encoding', () => {
  let f: ConsulFixture;
  beforeEach(async () => {
    f = await startConsul();
  });
  afterEach(() => f.cleanup());

  it('round-trips metadata longer than one Meta value by splitting it over numbered keys', async () => {
    const r = f.registry(1);
    const endpoints = Array.from({ length: 40 }, (_, i) => ({ name: `Users.Method${i}`, metadata: { idempotent: String(i % 2 === 0) } }));
    const s = svc('users', '3.1.4', 80, { endpoints, metadata: { owner: 'x'.repeat(600) } });
    await r.register(s, { ttlMs: 10_000 });
    const meta = [...f.cluster.agent(1).state.services.values()][0]!.Meta;
    expect(Object.values(meta).every((v) => v.length <= 512)).toBe(true);
    expect(Object.keys(meta).filter((k) => k.startsWith('gh_ep_')).length).toBeGreaterThan(1);
    expect(await r.getService('users')).toEqual([s]);
    expect(f.cluster.catalogServices()).toEqual({ users: ['gh-version=3.1.4'] });
  });

  it('rejects metadata that cannot fit in 64 Meta keys, writing nothing', async () => {
    const r = f.registry(1);
    const s = svc('big', '1', 80, { metadata: { blob: 'y'.repeat(512 * 70) } });
    await expect(r.register(s)).rejects.toMatchObject({ code: ErrorCodes.META_TOO_LARGE });
    expect(f.cluster.requests.filter((q) => q.method === 'PUT')).toEqual([]);
  });

  it('reads instances registered by other tools (no gatehouse Meta) with their raw Meta', async () => {
    const port = f.cluster.agent(1).address.port;
    await fetch(`http://127.0.0.1:${port}/v1/agent/service/register`, {
      method: 'PUT',
      body: JSON.stringify({ Name: 'legacy', ID: 'legacy-1', Port: 9000, Meta: { env: 'prod' }, Check: { TTL: '30s', Status: 'passing' } }),
    });
    const [g] = await f.registry(1).getService('legacy');
    expect(g).toEqual({ name: 'legacy', version: '', metadata: { env: 'prod' }, endpoints: [], nodes: [{ id: 'legacy-1', address: '10.0.0.1', port: 9000, metadata: {} }] });
  });
});
