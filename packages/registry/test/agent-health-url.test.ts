// The agent heartbeats an app's registration only while the app's health URL answers 2xx; a sick
// app stops being heartbeated, its TTL runs out, and discovery stops returning it.
import { ManualClock } from '@gatehouse/foundation';
import { MemoryRegistry } from '../src/memory/memory-registry';
import { FlakyRegistry, startAgent, type AgentFixture } from './agent-setup';
import { startApp, type FakeApp } from './app-server';
import { eventually } from './helpers';

describe('agent heartbeat gated by the app health URL (memory registry)', () => {
  let a: AgentFixture;
  let app: FakeApp;
  let registry: FlakyRegistry;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    registry = new FlakyRegistry(new MemoryRegistry({ clock }));
    a = await startAgent(registry, clock, { probeIntervalMs: 600_000 });
    app = await startApp();
  });
  afterEach(async () => {
    await a.agent.close();
    await app.close();
  });

  const registers = () => registry.calls.filter((c) => c === 'register').length;
  const tick = async (): Promise<void> => {
    const before = app.probes;
    await clock.advanceAsync(1000); // TTL 3000 -> heartbeat every 1000
    await eventually(() => app.probes === before + 1);
    await new Promise((r) => setTimeout(r, 30)); // let the beat finish and re-arm
  };

  it('heartbeats while healthy, stops when the health URL fails, resumes when it passes', async () => {
    const r = await a.call('POST', '/v1/register', { name: 'svc', port: 7100, address: '10.0.0.6', ttl_ms: 3000, health_url: app.healthUrl });
    expect(r.status).toBe(200);
    for (let i = 0; i < 4; i++) await tick();
    expect(registers()).toBe(5);
    expect((await a.call('GET', '/v1/discover/svc')).status).toBe(200);

    app.healthy = false;
    for (let i = 0; i < 3; i++) await tick();
    expect(registers()).toBe(5); // no heartbeat while sick
    await eventually(async () => (await a.call('GET', '/v1/discover/svc')).status === 404);

    app.healthy = true;
    await tick();
    expect(registers()).toBe(6);
    expect((await a.call('GET', '/v1/discover/svc')).status).toBe(200);
  });
});
