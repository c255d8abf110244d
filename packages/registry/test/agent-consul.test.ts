// The agent end to end over HTTP against ConsulRegistry and the Consul API emulator: register
// (TTL check in Consul), discover, registry down -> stale answers and 3-retries-then-alarm,
// registry back -> fresh answers, sick app -> critical in Consul -> no longer discovered.
import { type ConsulRegistry } from '../src/consul/consul-registry';
import { startAgent, type AgentFixture } from './agent-setup';
import { startApp, type FakeApp } from './app-server';
import { startConsul, type ConsulFixture } from './consul-setup';
import { eventually } from './helpers';

describe('agent over ConsulRegistry + emulator', () => {
  let f: ConsulFixture;
  let registry: ConsulRegistry;
  let a: AgentFixture;
  let app: FakeApp;
  beforeEach(async () => {
    f = await startConsul(2);
    registry = f.registry(1, { backoff: { baseMs: 100, maxMs: 400, random: () => 0 } });
    a = await startAgent(registry, f.clock, { probeIntervalMs: 5000 });
    app = await startApp();
  });
  afterEach(async () => {
    await a.agent.close();
    await app.close();
    await f.cleanup();
  });

  it('registers with a TTL check, discovers, serves stale while Consul is down and alarms on misses', async () => {
    const r = await a.call('POST', '/v1/register', { name: 'web', version: '2', address: '10.0.0.5', port: 80, ttl_ms: 30_000 });
    expect(r.status).toBe(200);
    expect(f.cluster.agent(1).state.checks.get('service:web-10.0.0.5-80')).toMatchObject({ Status: 'passing', ttlMs: 30_000, deregisterAfterMs: 90_000 });
    const d = await a.call('GET', '/v1/discover/web');
    expect(d.body).toMatchObject({ stale: false, services: [{ name: 'web', version: '2', nodes: [{ address: '10.0.0.5', port: 80 }] }] });

    await f.cluster.agent(1).stop(); // the local Consul agent dies
    await f.clock.advanceAsync(5000);
    await eventually(() => !a.agent.registryUp);
    const stale = await a.call('GET', '/v1/discover/web');
    expect([stale.status, stale.body.stale, stale.headers.get('x-gatehouse-stale')]).toEqual([200, true, '1']);

    const miss = await a.call('POST', '/v1/register', { name: 'api', port: 81, address: '10.0.0.5' });
    expect([miss.status, miss.body.code]).toEqual([503, 'REG_AGENT_REGISTRY_UNAVAILABLE']);
    expect(miss.body.cause).toMatch(/consul service register failed/);
    expect(a.alarm.events.map((e) => e.context?.op)).toEqual(['register']);

    await f.cluster.agent(1).start();
    await f.clock.advanceAsync(5000);
    await eventually(() => a.agent.registryUp);
    const fresh = await a.call('GET', '/v1/discover/web');
    expect([fresh.body.stale, fresh.headers.get('x-gatehouse-stale')]).toEqual([false, null]);

    // The cache's watch resumed after its backoff: an instance added elsewhere shows up.
    await f.registry(2).register({ ...fresh.body.services[0], nodes: [{ id: 'x', address: '10.0.0.6', port: 80, metadata: {} }] }, { ttlMs: 30_000 });
    await eventually(async () => {
      await f.clock.advanceAsync(400); // the watch loop's backoff runs on the same clock
      return (await a.call('GET', '/v1/discover/web')).body.services[0].nodes.length === 2;
    });
  });

  it('stops passing the TTL of a sick app, so Consul marks it critical and discovery drops it', async () => {
    await a.call('POST', '/v1/register', { name: 'web', address: '10.0.0.5', port: 80, ttl_ms: 3000, health_url: app.healthUrl });
    expect((await a.call('GET', '/v1/discover/web')).status).toBe(200);
    app.healthy = false;
    for (let i = 0; i < 4; i++) {
      const before = app.probes;
      await f.clock.advanceAsync(1000);
      await eventually(() => app.probes > before);
    }
    expect(f.cluster.agent(1).state.checks.get('service:web-10.0.0.5-80')!.Status).toBe('critical');
    await eventually(async () => (await a.call('GET', '/v1/discover/web')).status === 404);
  });
});
