// The agent's HTTP edges: a known path with the wrong method is 405 with Allow; a body that does
// not arrive within the body timeout is 408 and the connection is closed (manual clock).
import { connect } from 'node:net';
import { ManualClock } from '@gatehouse/foundation';
import { MemoryRegistry } from '../src/memory/memory-registry';
import { startAgent, type AgentFixture } from './agent-setup';

describe('agent HTTP limits', () => {
  let a: AgentFixture;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    a = await startAgent(new MemoryRegistry({ clock }), clock, { bodyTimeoutMs: 5000, probeIntervalMs: 600_000 });
  });
  afterEach(() => a.agent.close());

  it.each([
    ['GET', '/v1/register', 'POST'],
    ['PUT', '/v1/heartbeat', 'POST'],
    ['DELETE', '/v1/discover/users', 'GET'],
    ['POST', '/v1/health', 'GET'],
  ])('%s %s is 405 with Allow: %s', async (method, path, allow) => {
    const r = await a.call(method, path);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe(allow);
    expect(r.body).toEqual({ code: 'REG_AGENT_METHOD_NOT_ALLOWED', message: expect.stringContaining(allow) });
  });

  it('an unknown path is still 404', async () => {
    expect((await a.call('GET', '/v2/nothing')).body.code).toBe('REG_AGENT_NOT_FOUND');
  });

  it('a body that stalls past the body timeout gets 408 and the connection is closed', async () => {
    const socket = connect(a.agent.port, '127.0.0.1');
    let reply = '';
    socket.on('data', (c) => (reply += c.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('POST /v1/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":');
    // Turn the loop (time stays put) until the handler is waiting on the body timer.
    for (let i = 0; i < 500 && clock.pending() < 2; i++) await clock.advanceAsync(0);
    await clock.advanceAsync(4999);
    expect(reply).toBe('');
    await clock.advanceAsync(1);
    await closed;
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(reply).toMatch(/connection: close/i);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toEqual({ code: 'REG_AGENT_BODY_TIMEOUT', message: expect.any(String), field: 'body' });
    expect((await a.call('GET', '/v1/health')).status).toBe(200); // the agent keeps serving
  });
});
