// Heartbeat: registering an unchanged service only passes the TTL check; a changed one is
// registered again; a check the agent lost (404) leads to a fresh registration.
import { uniqueNodeId } from '../src/service';
import { startConsul, type ConsulFixture } from './consul-setup';
import { svc } from './helpers';

describe('Consul heartbeat', () => {
  let f: ConsulFixture;
  beforeEach(async () => {
    f = await startConsul();
  });
  afterEach(() => f.cleanup());

  /** The write requests since the last reset, with ids replaced by :id. */
  const writes = (): string[] =>
    f.cluster.requests.filter((q) => q.method === 'PUT').map((q) => q.path.replace(/^(\/v1\/agent\/check\/pass)\/.*$/, '$1/:id'));

  it('passes the TTL check without re-registering when nothing changed', async () => {
    const r = f.registry(1);
    await r.register(svc('web', '1', 80), { ttlMs: 10_000 });
    f.cluster.requests.length = 0;
    await r.register(svc('web', '1', 80), { ttlMs: 10_000 });
    expect(writes()).toEqual(['/v1/agent/check/pass/:id']);
    // The heartbeat keeps it alive across several TTLs.
    for (let i = 0; i < 3; i++) {
      await f.clock.advanceAsync(8_000);
      await r.register(svc('web', '1', 80), { ttlMs: 10_000 });
    }
    expect(await r.getService('web')).toHaveLength(1);
  });

  it('registers again when the service changed', async () => {
    const r = f.registry(1);
    await r.register(svc('web', '1', 80), { ttlMs: 10_000 });
    f.cluster.requests.length = 0;
    await r.register(svc('web', '1', 80, { metadata: { team: 'new' } }), { ttlMs: 10_000 });
    expect(writes()).toEqual(['/v1/agent/service/register', '/v1/agent/check/pass/:id']);
  });

  it('registers again when the agent no longer knows the check', async () => {
    const r = f.registry(1);
    await r.register(svc('web', '1', 80), { ttlMs: 10_000 });
    f.cluster.agent(1).state.deregisterService(uniqueNodeId('web', '10.1.0.1', 80)); // e.g. agent restarted
    await r.register(svc('web', '1', 80), { ttlMs: 10_000 });
    expect(await r.getService('web')).toHaveLength(1);
  });
});
