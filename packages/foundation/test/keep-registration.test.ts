import { AgentClient, keepAgentRegistration, ManualClock, type AgentRegistrationEvent } from '../src';
import { StubAgent } from './stub-agent';

const registration = { name: 'auth', port: 8081, address: '10.0.0.2' };
let agent: StubAgent;
let client: AgentClient;
let clock: ManualClock;
let events: AgentRegistrationEvent['type'][];
const onEvent = (e: AgentRegistrationEvent): void => {
  events.push(e.type);
};

/** Advances the manual clock in steps until `done()` (HTTP runs on real I/O meanwhile). */
async function advanceUntil(done: () => boolean, stepMs: number, maxSteps = 200): Promise<void> {
  for (let i = 0; i < maxSteps && !done(); i++) {
    await clock.advanceAsync(stepMs);
    await new Promise((r) => setTimeout(r, 2));
  }
  if (!done()) throw new Error('condition not reached');
}

beforeEach(async () => {
  agent = await new StubAgent().start();
  clock = new ManualClock();
  client = new AgentClient({ agentUrl: agent.url, attempts: 1, clock });
  events = [];
});
afterEach(async () => {
  await client.close();
  await agent.close();
});

test('retries registration with backoff on the clock while the agent fails, then heartbeats', async () => {
  let up = false;
  agent.on('POST /v1/register', () => (up ? { status: 200, body: { id: 'auth-1' } } : { status: 503, body: { code: 'REG_AGENT_REGISTRY_UNAVAILABLE', message: 'down' } }));
  agent.on('POST /v1/heartbeat', { status: 200, body: { id: 'auth-1' } });
  const handle = keepAgentRegistration(client, registration, { clock, onEvent, heartbeatIntervalMs: 1000, backoff: { baseMs: 500, maxMs: 4000 } });
  await advanceUntil(() => agent.callsTo('POST /v1/register').length >= 3, 250);
  up = true;
  await advanceUntil(() => handle.id !== undefined, 250);
  await expect(handle.registered).resolves.toBe(true);
  await advanceUntil(() => agent.callsTo('POST /v1/heartbeat').length >= 2, 500);
  expect(agent.callsTo('POST /v1/heartbeat')[0]).toEqual({ name: 'auth', id: 'auth-1' });
  expect(events.slice(0, 2)).toEqual(['unavailable', 'unavailable']);
  expect(events).toContain('registered');
  await handle.stop();
});

test('registers again as soon as a heartbeat answers that the agent does not know the instance', async () => {
  let known = true;
  agent.on('POST /v1/register', () => {
    known = true;
    return { status: 200, body: { id: 'auth-1' } };
  });
  agent.on('POST /v1/heartbeat', () => (known ? { status: 200, body: {} } : { status: 404, body: { code: 'REG_AGENT_UNKNOWN_INSTANCE', message: 'unknown instance' } }));
  const handle = keepAgentRegistration(client, registration, { clock, onEvent, heartbeatIntervalMs: 1000 });
  await handle.registered;
  known = false; // the agent restarted without its state
  await advanceUntil(() => agent.callsTo('POST /v1/register').length === 2, 500);
  expect(events).toEqual(['registered', 'unknown', 'registered']);
  await handle.stop();
});

test('a 4xx registration is given up at once: registered resolves false', async () => {
  agent.on('POST /v1/register', { status: 400, body: { code: 'REG_AGENT_BAD_REQUEST', message: 'bad port', field: 'port' } });
  const handle = keepAgentRegistration(client, registration, { clock, onEvent });
  await expect(handle.registered).resolves.toBe(false);
  expect(events).toEqual(['rejected']);
  expect(clock.pending()).toBe(0);
  await handle.stop();
});

test('stop deregisters a registered instance and stops heartbeating; stop before registering sends nothing', async () => {
  agent.on('POST /v1/register', { status: 200, body: { id: 'auth-1' } });
  agent.on('POST /v1/deregister', { status: 200, body: { id: 'auth-1', deregistered: true } });
  const handle = keepAgentRegistration(client, registration, { clock, onEvent, heartbeatIntervalMs: 1000 });
  await handle.registered;
  await handle.stop();
  expect(agent.callsTo('POST /v1/deregister')).toEqual([{ name: 'auth', id: 'auth-1' }]);
  await clock.advanceAsync(5000);
  expect(agent.callsTo('POST /v1/heartbeat')).toEqual([]);

  agent.on('POST /v1/register', { status: 503, body: { message: 'down' } });
  const early = keepAgentRegistration(client, registration, { clock });
  await early.stop();
  await expect(early.registered).resolves.toBe(false);
  expect(agent.callsTo('POST /v1/deregister')).toHaveLength(1);
});
