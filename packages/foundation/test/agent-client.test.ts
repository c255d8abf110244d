import { createServer } from 'node:net';
import { AgentBadReplyError, AgentClient, AgentRejectedError, AgentUnavailableError, InvalidArgumentError } from '../src';
import { StubAgent } from './stub-agent';

const services = [{ name: 'users', version: '1', metadata: {}, endpoints: [], nodes: [{ id: 'users-h-9000', address: '10.0.0.1', port: 9000, metadata: {} }] }];
const fast = { backoff: { baseMs: 0, maxMs: 0 } };
let agent: StubAgent;
let client: AgentClient;

beforeEach(async () => {
  agent = await new StubAgent().start();
  client = new AgentClient({ agentUrl: agent.url, ...fast });
});
afterEach(async () => {
  await client.close();
  await agent.close();
});

test('register posts the body and returns the id and TTL the agent assigned', async () => {
  agent.on('POST /v1/register', { status: 200, body: { id: 'auth-10.0.0.2-8081', ttl_ms: 15000, service: {} } });
  expect(await client.register({ name: 'auth', port: 8081, address: '10.0.0.2', ttl_ms: 15000 })).toEqual({ id: 'auth-10.0.0.2-8081', ttlMs: 15000 });
  expect(agent.callsTo('POST /v1/register')).toEqual([{ name: 'auth', port: 8081, address: '10.0.0.2', ttl_ms: 15000 }]);
});

test('heartbeat: ok, or unknown when the agent does not know the instance', async () => {
  let known = true;
  agent.on('POST /v1/heartbeat', () => (known ? { status: 200, body: { id: 'a' } } : { status: 404, body: { code: 'REG_AGENT_UNKNOWN_INSTANCE', message: 'unknown' } }));
  expect(await client.heartbeat({ name: 'auth', id: 'a' })).toBe('ok');
  known = false;
  expect(await client.heartbeat({ name: 'auth', id: 'a' })).toBe('unknown');
});

test('deregister resolves false for an instance the agent does not know', async () => {
  agent.on('POST /v1/deregister', { status: 404, body: { code: 'REG_AGENT_NOT_FOUND', message: 'no instance' } });
  expect(await client.deregister({ name: 'auth', id: 'x' })).toBe(false);
});

test('discover returns the services and the stale flag (body or header)', async () => {
  agent.on('GET /v1/discover/users', { status: 200, body: { services, stale: false } });
  expect(await client.discover('users')).toEqual({ services, stale: false });
  agent.on('GET /v1/discover/users', { status: 200, body: { services, stale: false }, headers: { 'x-gatehouse-stale': '1' } });
  expect((await client.discover('users')).stale).toBe(true);
});

test('a 4xx is an AgentRejectedError with the agent code and field, never retried', async () => {
  agent.on('POST /v1/register', { status: 400, body: { code: 'REG_AGENT_BAD_REQUEST', message: 'port is required', field: 'port' } });
  const err = (await client.register({ name: 'auth', port: 0 }).catch((e: unknown) => e)) as AgentRejectedError;
  expect(err).toBeInstanceOf(AgentRejectedError);
  expect([err.code, err.status, err.agentCode, err.field]).toEqual(['FND_AGENT_REJECTED', 400, 'REG_AGENT_BAD_REQUEST', 'port']);
  expect(agent.callsTo('POST /v1/register')).toHaveLength(1);
});

test('a 5xx is retried `attempts` times, then an AgentUnavailableError carrying the agent code', async () => {
  agent.on('GET /v1/discover/users', { status: 503, body: { code: 'REG_AGENT_REGISTRY_UNAVAILABLE', message: 'registry down' } });
  const err = (await client.discover('users').catch((e: unknown) => e)) as AgentUnavailableError;
  expect(err).toBeInstanceOf(AgentUnavailableError);
  expect([err.code, err.status, err.agentCode]).toEqual(['FND_AGENT_UNAVAILABLE', 503, 'REG_AGENT_REGISTRY_UNAVAILABLE']);
  expect(agent.callsTo('GET /v1/discover/users')).toHaveLength(3);
});

test('an unreachable agent is an AgentUnavailableError', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const dead = new AgentClient({ agentUrl: `http://127.0.0.1:${port}`, attempts: 2, ...fast });
  await expect(dead.health()).rejects.toBeInstanceOf(AgentUnavailableError);
  await dead.close();
});

test('a malformed 2xx is an AgentBadReplyError', async () => {
  agent.on('GET /v1/discover/users', { status: 200, body: { services: [{ name: 'users', version: '1', nodes: [{ id: 'x', address: 'h', port: 70000 }] }] } });
  await expect(client.discover('users')).rejects.toBeInstanceOf(AgentBadReplyError);
  agent.on('GET /v1/discover/users', { status: 200, raw: '<html>' });
  await expect(client.discover('users')).rejects.toThrow(/not JSON/);
});

test('a reply larger than maxReplyBytes is refused', async () => {
  const big = new AgentClient({ agentUrl: agent.url, maxReplyBytes: 64, attempts: 1 });
  agent.on('GET /v1/health', { status: 200, raw: JSON.stringify({ status: 'ok', registry: 'up', pad: 'x'.repeat(500) }) });
  await expect(big.health()).rejects.toThrow(/larger than 64 bytes/);
  await big.close();
});

test('bad options are refused before anything is sent', () => {
  expect(() => new AgentClient({ agentUrl: 'nope' })).toThrow(InvalidArgumentError);
  expect(() => new AgentClient({ agentUrl: 'https://127.0.0.1:1' })).toThrow(/plain http/);
  expect(() => new AgentClient({ agentUrl: 'http://127.0.0.1:1', timeoutMs: 0 })).toThrow(expect.objectContaining({ field: 'timeoutMs' }));
});
