// The agent validates every request and answers 4xx {code, message, field} without touching the registry.
import { ManualClock } from '@gatehouse/foundation';
import { MemoryRegistry } from '../src/memory/memory-registry';
import { FlakyRegistry, startAgent, type AgentFixture } from './agent-setup';

describe('agent request validation', () => {
  let a: AgentFixture;
  let registry: FlakyRegistry;
  beforeEach(async () => {
    registry = new FlakyRegistry(new MemoryRegistry());
    a = await startAgent(registry, new ManualClock(), { maxBodyBytes: 1024 });
  });
  afterEach(() => a.agent.close());

  it.each([
    [{ port: 80 }, 'name'],
    [{ name: 'web' }, 'port'],
    [{ name: 'web', port: 70000 }, 'port'],
    [{ name: 'web', port: '80' }, 'port'],
    [{ name: 'web', port: 80, address: 'bad address' }, 'address'],
    [{ name: 'no spaces', port: 80 }, 'name'],
    [{ name: 'web', port: 80, ttl_ms: 10 }, 'ttl_ms'],
    [{ name: 'web', port: 80, health_url: 'ftp://x' }, 'health_url'],
    [{ name: 'web', port: 80, metadata: { a: 1 } }, 'metadata.a'],
    [{ name: 'web', port: 80, endpoints: [{}] }, 'endpoints[0].name'],
    [[1, 2], 'body'],
  ])('register %j -> 400 naming %s', async (body, field) => {
    const r = await a.call('POST', '/v1/register', body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ code: 'REG_AGENT_BAD_REQUEST', message: expect.any(String), field });
    expect(registry.calls).toEqual([]);
  });

  it('rejects invalid JSON, an empty body and an oversized body', async () => {
    expect((await a.call('POST', '/v1/register', '{"name":')).body).toMatchObject({ code: 'REG_AGENT_BAD_REQUEST', field: 'body' });
    expect((await a.call('POST', '/v1/register', '')).status).toBe(400);
    const big = await a.call('POST', '/v1/register', { name: 'web', port: 80, metadata: { pad: 'x'.repeat(2000) } });
    expect([big.status, big.body.code]).toEqual([413, 'REG_AGENT_BODY_TOO_LARGE']);
  });

  it('rejects a bad deregister body and a bad discover name', async () => {
    expect((await a.call('POST', '/v1/deregister', { id: 'x' })).body).toMatchObject({ field: 'name' });
    expect((await a.call('POST', '/v1/deregister', { name: 'web', id: 5 })).body).toMatchObject({ field: 'id' });
    expect((await a.call('GET', '/v1/discover/bad%20name')).body).toMatchObject({ code: 'REG_AGENT_BAD_REQUEST', field: 'name' });
  });

  it('answers 404 JSON for an unknown route', async () => {
    const r = await a.call('GET', '/v2/nothing');
    expect([r.status, r.body.code]).toEqual([404, 'REG_AGENT_NOT_FOUND']);
  });
});
