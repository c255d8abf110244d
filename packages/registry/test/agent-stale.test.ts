// When the registry is down the agent serves the last known instances flagged stale (body
// `stale: true` and header X-Gatehouse-Stale: 1) instead of failing; when it is back, fresh again.
import { ManualClock } from '@gatehouse/foundation';
import { MemoryRegistry } from '../src/memory/memory-registry';
import { FlakyRegistry, startAgent, type AgentFixture } from './agent-setup';
import { eventually } from './helpers';

describe('agent stale serving (memory registry behind a fault injector)', () => {
  let a: AgentFixture;
  let flaky: FlakyRegistry;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    flaky = new FlakyRegistry(new MemoryRegistry({ clock: new ManualClock() }));
    a = await startAgent(flaky, clock, { probeIntervalMs: 5000 });
  });
  afterEach(() => a.agent.close());

  it('serves cached instances as stale while the registry is down, fresh once it is back', async () => {
    await a.call('POST', '/v1/register', { name: 'cart', port: 7000, address: '10.0.0.4' });
    expect((await a.call('GET', '/v1/discover/cart')).body.stale).toBe(false);
    flaky.down = true;
    await clock.advanceAsync(5000); // the liveness probe fails
    await eventually(() => !a.agent.registryUp);
    const d = await a.call('GET', '/v1/discover/cart');
    expect(d.status).toBe(200);
    expect(d.headers.get('x-gatehouse-stale')).toBe('1');
    expect(d.body.stale).toBe(true);
    expect(d.body.services[0].nodes[0].address).toBe('10.0.0.4');
    flaky.down = false;
    await clock.advanceAsync(5000);
    await eventually(() => a.agent.registryUp);
    const fresh = await a.call('GET', '/v1/discover/cart');
    expect([fresh.body.stale, fresh.headers.get('x-gatehouse-stale')]).toEqual([false, null]);
  });

  it('raises the stale flag at the first failed registry call, while its retries are still waiting', async () => {
    const slow = await startAgent(flaky, clock, { probeIntervalMs: 600_000, retryBaseMs: 10_000 });
    try {
      await slow.call('POST', '/v1/register', { name: 'cart', port: 7000, address: '10.0.0.4' });
      expect((await slow.call('GET', '/v1/discover/cart')).body.stale).toBe(false);
      flaky.down = true;
      const failing = slow.call('POST', '/v1/register', { name: 'pay', port: 7001 });
      for (let i = 0; i < 500 && !flaky.calls.includes('register', 1); i++) await clock.advanceAsync(0);
      expect(slow.agent.registryUp).toBe(false); // one attempt failed; two more are waiting on the clock
      const d = await slow.call('GET', '/v1/discover/cart');
      expect([d.body.stale, d.headers.get('x-gatehouse-stale')]).toEqual([true, '1']);
      await clock.advanceAsync(60_000);
      expect((await failing).status).toBe(503);
    } finally {
      await slow.agent.close();
    }
  });

  it('a miss while the registry is down is 503, not a crash, and the agent keeps serving', async () => {
    flaky.down = true;
    expect((await a.call('GET', '/v1/discover/none')).status).toBe(503);
    expect((await a.call('GET', '/v1/health')).status).toBe(200);
  });
});
