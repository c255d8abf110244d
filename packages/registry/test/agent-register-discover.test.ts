// Register, discover (cache kept fresh by a watch) and deregister through the agent, end to end
// over HTTP against the memory registry.
import { ManualClock } from '@gatehouse/foundation';
import { MemoryRegistry } from '../src/memory/memory-registry';
import { startAgent, type AgentFixture } from './agent-setup';
import { eventually } from './helpers';

describe('agent register / discover / deregister (memory registry)', () => {
  let a: AgentFixture;
  let registry: MemoryRegistry;
  beforeEach(async () => {
    registry = new MemoryRegistry({ clock: new ManualClock() });
    a = await startAgent(registry, new ManualClock());
  });
  afterEach(async () => {
    await a.agent.close();
    await registry.close();
  });

  const body = { name: 'users', version: '1.2.0', address: '10.0.0.7', port: 8080, metadata: { team: 'id' }, endpoints: [{ name: 'Users.Get' }] };

  it('registers and answers discovery with {services, stale:false}', async () => {
    const r = await a.call('POST', '/v1/register', body);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe('users-10.0.0.7-8080');
    const d = await a.call('GET', '/v1/discover/users');
    expect(d.status).toBe(200);
    expect(d.headers.get('x-gatehouse-stale')).toBeNull();
    expect(d.body).toEqual({
      stale: false,
      services: [{ name: 'users', version: '1.2.0', metadata: { team: 'id' }, endpoints: [{ name: 'Users.Get' }], nodes: [{ id: 'users-10.0.0.7-8080', address: '10.0.0.7', port: 8080, metadata: {} }] }],
    });
  });

  it('uses the advertise address when the app sends none', async () => {
    const r = await a.call('POST', '/v1/register', { name: 'lone', port: 9000 });
    expect(r.body.id).toBe('lone-10.9.0.1-9000');
  });

  it('answers 404 {code, message} for an unknown service', async () => {
    const d = await a.call('GET', '/v1/discover/ghost');
    expect(d.status).toBe(404);
    expect(d.body).toEqual({ code: 'REG_AGENT_NOT_FOUND', message: expect.stringContaining('ghost') });
  });

  it('keeps the cache fresh through the watch: a new instance shows up without asking again', async () => {
    await a.call('POST', '/v1/register', body);
    await a.call('GET', '/v1/discover/users'); // fills the cache and starts the watch
    await registry.register({ ...(await registry.getService('users'))[0]!, nodes: [{ id: 'users-10.0.0.8-8080', address: '10.0.0.8', port: 8080, metadata: {} }] });
    await eventually(async () => (await a.call('GET', '/v1/discover/users')).body.services[0].nodes.length === 2);
  });

  it('deregisters by {name, id} and by the register body; unknown instances are 404', async () => {
    await a.call('POST', '/v1/register', body);
    await a.call('POST', '/v1/register', { ...body, port: 8081 });
    await a.call('GET', '/v1/discover/users');
    expect((await a.call('POST', '/v1/deregister', { name: 'users', id: 'users-10.0.0.7-8080' })).body).toEqual({ id: 'users-10.0.0.7-8080', deregistered: true });
    expect((await a.call('POST', '/v1/deregister', { ...body, port: 8081 })).status).toBe(200);
    await eventually(async () => (await a.call('GET', '/v1/discover/users')).status === 404);
    expect((await a.call('POST', '/v1/deregister', { name: 'users', id: 'users-10.0.0.7-8080' })).status).toBe(404);
  });

  it('deregisters an instance it did not register by finding it in the registry', async () => {
    await registry.register({ name: 'ext', version: '1', metadata: {}, endpoints: [], nodes: [{ id: 'ext-1', address: '10.0.0.9', port: 1, metadata: {} }] });
    expect((await a.call('POST', '/v1/deregister', { name: 'ext', id: 'ext-1' })).status).toBe(200);
    expect(await registry.getService('ext')).toEqual([]);
  });

  it('reports health', async () => {
    await a.call('POST', '/v1/register', body);
    const h = await a.call('GET', '/v1/health');
    expect(h.body).toMatchObject({ status: 'ok', registry: 'up', registrations: 1 });
  });
});
