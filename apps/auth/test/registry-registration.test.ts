// With REGISTRY_AGENT_URL the service registers itself through the agent (the foundation's one
// agent client): the documented body, retries with exponential backoff on the manual clock for as
// long as the agent fails (an alarm log after 5 attempts, serving all along), no retry on 4xx,
// heartbeats that register again when the agent forgets us, and deregistration on shutdown.
import { ManualClock } from '@gatehouse/foundation';
import { call } from './http';
import { FakeAgent } from './fake-agent';
import { startTestApp } from './harness';

/** Advances the manual clock in steps (HTTP runs on real I/O meanwhile) until `done()`. */
async function advanceUntil(clock: ManualClock, done: () => boolean, stepMs: number, maxSteps = 400): Promise<void> {
  for (let i = 0; i < maxSteps && !done(); i++) {
    await clock.advanceAsync(stepMs);
    await new Promise((r) => setTimeout(r, 2));
  }
  if (!done()) throw new Error('condition not reached');
}

describe('registry agent registration', () => {
  let agent: FakeAgent;
  let agentUrl: string;
  beforeEach(async () => {
    agent = new FakeAgent();
    agentUrl = await agent.start();
  });
  afterEach(async () => {
    await agent.stop();
  });

  it('registers with name, version, address, port and a working health URL, then deregisters on close', async () => {
    const t = await startTestApp('sqlite', { registryAgentUrl: agentUrl });
    let stopped = false;
    try {
      await expect(t.running.registered).resolves.toBe(true);
      const [registration] = agent.callsTo('/v1/register');
      expect(registration!.method).toBe('POST');
      expect(registration!.body).toEqual({
        name: 'auth',
        version: '0.1.0',
        address: '127.0.0.1',
        port: t.running.port,
        health_url: `http://127.0.0.1:${t.running.port}/v1/health`,
      });
      const health = await call(registration!.body.health_url, 'GET', '');
      expect(health.status).toBe(200);
      await t.stop();
      stopped = true;
      expect(agent.callsTo('/v1/deregister').map((c) => c.body)).toEqual([{ name: 'auth', id: 'auth-from-agent-1' }]);
    } finally {
      if (!stopped) await t.stop();
    }
  });

  it('retries 503 answers with doubling delays on the clock until registered', async () => {
    agent.registerStatuses = [503, 503, 503, 200];
    const clock = new ManualClock();
    const t = await startTestApp('sqlite', { registryAgentUrl: agentUrl, clock, registration: { baseDelayMs: 100 } });
    try {
      const started = clock.now();
      await advanceUntil(clock, () => agent.callsTo('/v1/register').length === 4, 50);
      await expect(t.running.registered).resolves.toBe(true);
      expect(clock.now() - started).toBeGreaterThanOrEqual(100 + 200 + 400);
      expect(clock.now() - started).toBeLessThan(100 + 200 + 400 + 100);
    } finally {
      await t.stop();
    }
  });

  it('does not retry a 400 and keeps serving, with an AUTH_REGISTRATION_FAILED log', async () => {
    agent.registerStatuses = [400];
    const clock = new ManualClock();
    const t = await startTestApp('sqlite', { registryAgentUrl: agentUrl, clock });
    try {
      await expect(t.running.registered).resolves.toBe(false);
      expect(agent.callsTo('/v1/register')).toHaveLength(1);
      expect(t.logs.lines.filter((l) => l.code === 'AUTH_REGISTRATION_FAILED')).toHaveLength(1);
      expect((await call(t.url, 'GET', '/v1/health')).status).toBe(200);
      await t.stop();
      expect(agent.callsTo('/v1/deregister')).toHaveLength(0);
    } finally {
      await t.stop();
    }
  });

  it('keeps retrying an unreachable agent (one alarm after 5 attempts), serving all along, and registers once it is up', async () => {
    await agent.stop();
    const clock = new ManualClock();
    const t = await startTestApp('sqlite', { registryAgentUrl: agentUrl, clock, registration: { baseDelayMs: 500, maxDelayMs: 1500 } });
    try {
      await advanceUntil(clock, () => t.logs.lines.some((l) => l.code === 'AUTH_REGISTRATION_FAILED'), 250);
      const alarms = t.logs.lines.filter((l) => l.code === 'AUTH_REGISTRATION_FAILED');
      expect(alarms).toHaveLength(1);
      expect(alarms[0]!.level).toBe(50);
      expect((await call(t.url, 'GET', '/v1/health')).status).toBe(200);
      agentUrl = await agent.start(Number(new URL(agentUrl).port));
      await advanceUntil(clock, () => agent.callsTo('/v1/register').length > 0, 250);
      await expect(t.running.registered).resolves.toBe(true);
    } finally {
      await t.stop();
    }
  });

  it('registers again when a heartbeat answers that the agent does not know the instance (an agent restart)', async () => {
    const clock = new ManualClock();
    const t = await startTestApp('sqlite', { registryAgentUrl: agentUrl, clock, registration: { heartbeatIntervalMs: 1000 } });
    try {
      await expect(t.running.registered).resolves.toBe(true);
      await advanceUntil(clock, () => agent.callsTo('/v1/heartbeat').length >= 1, 250);
      expect(agent.callsTo('/v1/register')).toHaveLength(1);
      agent.knows = false; // the agent restarted without its state
      await advanceUntil(clock, () => agent.callsTo('/v1/register').length === 2, 250);
      expect(agent.callsTo('/v1/heartbeat').at(-1)!.body).toEqual({ name: 'auth', id: 'auth-from-agent-1' });
      expect(t.logs.find('no longer knows this instance')).toHaveLength(1);
    } finally {
      await t.stop();
    }
  });

  it('does not register when no agent is configured', async () => {
    const t = await startTestApp('sqlite');
    try {
      await expect(t.running.registered).resolves.toBe(false);
      expect(agent.calls).toHaveLength(0);
    } finally {
      await t.stop();
    }
  });
});
