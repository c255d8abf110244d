// An app kept registered by the foundation client registers again when the agent answers its
// heartbeat with "unknown instance" (an agent restarted without its state file).
import { AgentClient, keepAgentRegistration, ManualClock } from '@gatehouse/foundation';
import { MemoryRegistry } from '../src/memory/memory-registry';
import { startAgent } from './agent-setup';

it('re-registers through the restarted agent after one heartbeat interval', async () => {
  const clock = new ManualClock();
  const registry = new MemoryRegistry({ clock });
  const first = await startAgent(registry, clock, { probeIntervalMs: 600_000 });
  const port = first.agent.port;
  const client = new AgentClient({ agentUrl: first.url, clock });
  const events: string[] = [];
  const handle = keepAgentRegistration(client, { name: 'auth', address: '10.0.0.9', port: 8081, ttl_ms: 3000 }, { clock, heartbeatIntervalMs: 1000, onEvent: (e) => events.push(e.type) });
  expect(await handle.registered).toBe(true);
  await first.agent.close();
  await registry.close(); // the registry forgot too (the instance expired meanwhile)
  const fresh = new MemoryRegistry({ clock });
  const second = await startAgent(fresh, clock, { port, probeIntervalMs: 600_000 });
  try {
    for (let i = 0; i < 200 && !events.includes('unknown'); i++) await clock.advanceAsync(250);
    for (let i = 0; i < 200 && events.filter((e) => e === 'registered').length < 2; i++) await clock.advanceAsync(0);
    expect(events.slice(0, 3)).toEqual(['registered', 'unknown', 'registered']);
    expect((await fresh.getService('auth'))[0]!.nodes[0]!.id).toBe('auth-10.0.0.9-8081');
    expect((await second.call('POST', '/v1/heartbeat', { name: 'auth', id: handle.id })).status).toBe(200);
  } finally {
    await handle.stop();
    await client.close();
    await second.agent.close();
    await fresh.close();
  }
});
