// Slides 22-23: registry calls are retried 3 times, then an alarm is raised and the app gets 503.
import { ManualClock } from '@gatehouse/foundation';
import { MemoryRegistry } from '../src/memory/memory-registry';
import { FlakyRegistry, startAgent, type AgentFixture } from './agent-setup';

describe('agent retries then alarms', () => {
  let a: AgentFixture;
  let flaky: FlakyRegistry;
  beforeEach(async () => {
    flaky = new FlakyRegistry(new MemoryRegistry());
    a = await startAgent(flaky, new ManualClock());
  });
  afterEach(() => a.agent.close());

  const body = { name: 'pay', port: 7000, address: '10.0.0.3' };

  it('succeeds on the third attempt without an alarm', async () => {
    flaky.failNext = 2;
    const r = await a.call('POST', '/v1/register', body);
    expect(r.status).toBe(200);
    expect(flaky.calls).toEqual(['register', 'register', 'register']);
    expect(a.alarm.events).toEqual([]);
  });

  it('registers: 3 attempts, then one alarm and 503 {code, message, cause}', async () => {
    flaky.down = true;
    const r = await a.call('POST', '/v1/register', body);
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ code: 'REG_AGENT_REGISTRY_UNAVAILABLE', message: expect.stringContaining('3 attempts'), cause: expect.stringContaining('ECONNREFUSED') });
    expect(flaky.calls).toEqual(['register', 'register', 'register']);
    expect(a.alarm.events).toEqual([expect.objectContaining({ code: 'REG_AGENT_REGISTRY_UNAVAILABLE', context: expect.objectContaining({ service: 'pay', op: 'register', attempts: 3 }) })]);
    expect((await a.call('GET', '/v1/health')).body).toMatchObject({ status: 'degraded', registry: 'down', registrations: 0 });
  });

  it('discovers: a cache miss asks the registry 3 times, then alarms and answers 503', async () => {
    flaky.down = true;
    const r = await a.call('GET', '/v1/discover/pay');
    expect([r.status, r.body.code]).toEqual([503, 'REG_AGENT_REGISTRY_UNAVAILABLE']);
    expect(flaky.calls).toEqual(['getService', 'getService', 'getService']);
    expect(a.alarm.events).toHaveLength(1);
  });

  it('waits between attempts on the clock when a retry backoff is set (manual time, no sleeping)', async () => {
    const clock = new ManualClock();
    const b = await startAgent(flaky, clock, { retryBaseMs: 1000 });
    try {
      flaky.failNext = 1;
      const pending = b.call('POST', '/v1/register', body);
      // The request travels over real loopback I/O: turn the event loop (time stays put) until it lands.
      for (let i = 0; i < 500 && clock.pending() < 2; i++) await clock.advanceAsync(0);
      expect(flaky.calls).toEqual(['register']);
      await clock.advanceAsync(499); // the half-jittered delay of attempt 0 is within [500, 1000]
      expect(flaky.calls).toEqual(['register']);
      await clock.advanceAsync(501);
      expect((await pending).status).toBe(200);
      expect(flaky.calls).toEqual(['register', 'register']);
    } finally {
      await b.agent.close();
    }
  });
});

describe('agent heartbeat alarms', () => {
  it('raises one alarm after 3 failed heartbeats in a row, and none while they succeed', async () => {
    const clock = new ManualClock();
    const flaky = new FlakyRegistry(new MemoryRegistry({ clock }));
    const a = await startAgent(flaky, clock, { probeIntervalMs: 600_000 });
    try {
      expect((await a.call('POST', '/v1/register', { name: 'pay', port: 7000, ttl_ms: 3000 })).status).toBe(200);
      await clock.advanceAsync(2000);
      expect(a.alarm.events).toEqual([]);
      flaky.down = true;
      for (let i = 0; i < 5; i++) await clock.advanceAsync(1000);
      expect(flaky.calls.filter((c) => c === 'register')).toHaveLength(8);
      expect(a.alarm.events).toEqual([expect.objectContaining({ code: 'REG_AGENT_REGISTRY_UNAVAILABLE', context: expect.objectContaining({ op: 'heartbeat', attempts: 3 }) })]);
      expect(a.agent.registryUp).toBe(false);
    } finally {
      await a.agent.close();
    }
  });
});
