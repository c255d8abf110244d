// With REGISTRY_AGENT_URL the service registers itself through the agent: the documented body,
// retries with exponential backoff on 5xx and unreachable agents (the manual clock records the
// delays), no retry on 4xx, an alarm log after the last attempt, serving all along, and
// deregistration with {name, id} on shutdown.
import { call } from './http';
import { FakeAgent } from './fake-agent';
import { startTestApp } from './harness';
import { ManualClock } from './manual-clock';

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

  it('falls back to the name-host-port id when the agent returns none', async () => {
    agent.registerBody = {};
    const t = await startTestApp('sqlite', { registryAgentUrl: agentUrl });
    await expect(t.running.registered).resolves.toBe(true);
    await t.stop();
    expect(agent.callsTo('/v1/deregister')[0]!.body).toEqual({ name: 'auth', id: `auth-127.0.0.1-${t.running.port}` });
  });

  it('retries 503 answers with doubling delays until registered', async () => {
    agent.registerStatuses = [503, 503, 503, 200];
    const clock = new ManualClock();
    const t = await startTestApp('sqlite', { registryAgentUrl: agentUrl, clock, registration: { baseDelayMs: 100 } });
    try {
      await expect(t.running.registered).resolves.toBe(true);
      expect(agent.callsTo('/v1/register')).toHaveLength(4);
      expect(clock.sleeps).toEqual([100, 200, 400]);
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
      expect(clock.sleeps).toEqual([]);
      expect(t.logs.lines.filter((l) => l.code === 'AUTH_REGISTRATION_FAILED')).toHaveLength(1);
      expect((await call(t.url, 'GET', '/v1/health')).status).toBe(200);
      await t.stop();
      expect(agent.callsTo('/v1/deregister')).toHaveLength(0);
    } finally {
      await t.stop();
    }
  });

  it('gives up after the last attempt on an unreachable agent, logs the alarm and keeps serving', async () => {
    await agent.stop();
    const clock = new ManualClock();
    const t = await startTestApp('sqlite', {
      registryAgentUrl: agentUrl,
      clock,
      registration: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 1500 },
    });
    try {
      await expect(t.running.registered).resolves.toBe(false);
      expect(clock.sleeps).toEqual([500, 1000, 1500]);
      const alarms = t.logs.lines.filter((l) => l.code === 'AUTH_REGISTRATION_FAILED');
      expect(alarms).toHaveLength(1);
      expect(alarms[0]!.level).toBe(50);
      expect((await call(t.url, 'GET', '/v1/health')).status).toBe(200);
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
