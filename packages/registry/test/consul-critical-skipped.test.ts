// getService skips instances with any critical check (their own or the node's serfHealth);
// a warning instance still serves, as in go-micro.
import { uniqueNodeId } from '../src/service';
import { startConsul, type ConsulFixture } from './consul-setup';
import { svc } from './helpers';

describe('Consul critical nodes are skipped', () => {
  let f: ConsulFixture;
  beforeEach(async () => {
    f = await startConsul();
  });
  afterEach(() => f.cleanup());

  it('skips a failed check and a failed node, keeps a warning', async () => {
    const r1 = f.registry(1);
    const r2 = f.registry(2);
    await r1.register(svc('web', '1', 80), { ttlMs: 10_000 });
    await r1.register(svc('web', '1', 81), { ttlMs: 10_000 });
    await r2.register(svc('web', '1', 82, {}, '10.1.0.2'), { ttlMs: 10_000 });
    const a1 = f.cluster.agent(1).state;
    a1.updateTtl(`service:${uniqueNodeId('web', '10.1.0.1', 80)}`, 'critical', 'down');
    a1.updateTtl(`service:${uniqueNodeId('web', '10.1.0.1', 81)}`, 'warning', 'slow');
    expect((await r1.getService('web'))[0]!.nodes.map((n) => n.port)).toEqual([81, 82]);
    f.cluster.agent(2).nodeHealth = 'critical';
    expect((await r1.getService('web'))[0]!.nodes.map((n) => n.port)).toEqual([81]);
    // The emulator's ?passing filter drops warnings too (Consul semantics).
    expect(f.cluster.healthService('web', true)).toHaveLength(0);
  });
});
