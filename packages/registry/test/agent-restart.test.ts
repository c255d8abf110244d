// A restarted agent keeps its registrations: it reads its state file, re-registers each app at
// once and heartbeats it again, so the app never expires from the registry (before, a restart
// dropped them all and the instances vanished once their TTL ran out).
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@gatehouse/foundation';
import { MemoryRegistry } from '../src/memory/memory-registry';
import { startAgent } from './agent-setup';

describe('agent restart with a state file', () => {
  let dir: string;
  let stateFile: string;
  let clock: ManualClock;
  let registry: MemoryRegistry;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gh-agent-state-'));
    stateFile = join(dir, 'nested', 'agent.json');
    clock = new ManualClock();
    registry = new MemoryRegistry({ clock });
  });
  afterEach(() => registry.close());

  const body = { name: 'auth', version: '1', address: '10.0.0.9', port: 8081, ttl_ms: 3000, metadata: { team: 'id' } };

  it('re-registers and heartbeats what the previous process registered; the instance never expires', async () => {
    const first = await startAgent(registry, clock, { stateFile, probeIntervalMs: 600_000 });
    expect((await first.call('POST', '/v1/register', body)).status).toBe(200);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ format: 1, registrations: [expect.objectContaining({ name: 'auth', port: 8081, ttl_ms: 3000 })] });
    await first.agent.close(); // the heartbeats stop with the process

    await clock.advanceAsync(2000);
    const second = await startAgent(registry, clock, { stateFile, probeIntervalMs: 600_000 });
    try {
      expect(await second.agent.restored).toBe(1);
      for (let t = 0; t < 10; t++) await clock.advanceAsync(1000); // ten seconds: three TTLs
      expect((await registry.getService('auth'))[0]?.nodes.map((n) => n.id)).toEqual(['auth-10.0.0.9-8081']);
      const d = await second.call('GET', '/v1/discover/auth');
      expect([d.status, d.body.services[0].metadata]).toEqual([200, { team: 'id' }]);
      expect((await second.call('GET', '/v1/health')).body.registrations).toBe(1);
      expect((await second.call('POST', '/v1/heartbeat', { name: 'auth', id: 'auth-10.0.0.9-8081' })).status).toBe(200);
    } finally {
      await second.agent.close();
    }
  });

  it('without the state file the same restart loses the instance (the failure this fixes)', async () => {
    const first = await startAgent(registry, clock, { probeIntervalMs: 600_000 });
    await first.call('POST', '/v1/register', body);
    await first.agent.close();
    const second = await startAgent(registry, clock, { probeIntervalMs: 600_000 });
    try {
      for (let t = 0; t < 10; t++) await clock.advanceAsync(1000);
      expect(await registry.getService('auth')).toEqual([]);
      expect((await second.call('POST', '/v1/heartbeat', { name: 'auth', id: 'auth-10.0.0.9-8081' })).body.code).toBe('REG_AGENT_UNKNOWN_INSTANCE');
    } finally {
      await second.agent.close();
    }
  });

  it('a deregistration is saved too: the restarted agent does not bring the instance back', async () => {
    const first = await startAgent(registry, clock, { stateFile, probeIntervalMs: 600_000 });
    await first.call('POST', '/v1/register', body);
    await first.call('POST', '/v1/register', { ...body, port: 8082 });
    expect((await first.call('POST', '/v1/deregister', { name: 'auth', id: 'auth-10.0.0.9-8081' })).status).toBe(200);
    await first.agent.close();
    const second = await startAgent(registry, clock, { stateFile, probeIntervalMs: 600_000 });
    try {
      expect(await second.agent.restored).toBe(1);
      expect((await registry.getService('auth'))[0]!.nodes.map((n) => n.port)).toEqual([8082]);
    } finally {
      await second.agent.close();
    }
  });

  it('a corrupt state file raises a REG_AGENT_STATE alarm, is moved aside, and the agent starts empty', async () => {
    writeFileSync(join(dir, 'agent.json'), '{"format": 1, "registrations": [');
    const a = await startAgent(registry, clock, { stateFile: join(dir, 'agent.json'), probeIntervalMs: 600_000 });
    try {
      expect(await a.agent.restored).toBe(0);
      expect(a.alarm.events).toEqual([expect.objectContaining({ code: 'REG_AGENT_STATE', message: expect.stringContaining('not JSON') })]);
      expect(readdirSync(dir).some((f) => f.startsWith('agent.json.corrupt-'))).toBe(true);
      expect((await a.call('POST', '/v1/register', body)).status).toBe(200); // and a fresh file is written
      expect(JSON.parse(readFileSync(join(dir, 'agent.json'), 'utf8')).registrations).toHaveLength(1);
    } finally {
      await a.agent.close();
    }
  });

  it('an invalid entry is skipped with an alarm; the valid ones are restored', async () => {
    const file = join(dir, 'agent.json');
    writeFileSync(file, JSON.stringify({ format: 1, registrations: [body, { name: 'bad name!', port: 1 }] }));
    const a = await startAgent(registry, clock, { stateFile: file, probeIntervalMs: 600_000 });
    try {
      expect(await a.agent.restored).toBe(1);
      expect(a.alarm.events).toEqual([expect.objectContaining({ code: 'REG_AGENT_STATE', message: expect.stringContaining('entry 1') })]);
    } finally {
      await a.agent.close();
    }
  });
});
