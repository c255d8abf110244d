import { ManualClock } from '@gatehouse/foundation';
import { agentResolver, InvalidArgumentError, type InvokeError, ResolveFailedError, ServiceNotFoundError } from '../src';
import { json, refusedPort, startServer, type TestServer } from './servers';

let agent: TestServer;
let mode: 'ok' | 'stale' | 'down' | 'garbage' = 'ok';
const services = [
  {
    name: 'users',
    version: '1.0',
    metadata: {},
    endpoints: [{ name: 'users.get' }],
    nodes: [{ id: 'users-h1-9000', address: '127.0.0.1', port: 9000, metadata: { weight: '2' } }],
  },
];

beforeAll(async () => {
  agent = await startServer('agent', (req, _b, res) => {
    const m = /^\/v1\/discover\/(.+)$/.exec(req.url ?? '');
    const name = m ? decodeURIComponent(m[1]!) : '';
    if (mode === 'down') return json(res, 503, { code: 'AGENT_REGISTRY_DOWN', message: 'cannot resolve' });
    if (mode === 'garbage') {
      res.writeHead(200).end('{"services": 5}');
      return;
    }
    if (name !== 'users') return json(res, 404, { code: 'AGENT_UNKNOWN_SERVICE', message: `no service ${name}` });
    if (mode === 'stale') {
      res.setHeader('X-Gatehouse-Stale', '1');
      return json(res, 200, { services, stale: true });
    }
    return json(res, 200, { services, stale: false });
  });
});
afterAll(() => agent.close());
beforeEach(() => {
  mode = 'ok';
});

const url = (): string => `http://127.0.0.1:${agent.port}`;

test('GET /v1/discover/{name} → nodes of every version', async () => {
  const r = agentResolver({ agentUrl: url() });
  const res = await r.resolve('users');
  expect(res).toEqual({ nodes: services[0]!.nodes, stale: false });
  expect(agent.seen.at(-1)!.url).toBe('/v1/discover/users');
  await r.close!();
});

test('a stale answer is flagged', async () => {
  mode = 'stale';
  const r = agentResolver({ agentUrl: url(), cacheTtlMs: 0 });
  expect((await r.resolve('users')).stale).toBe(true);
  await r.close!();
});

test('answers are cached for cacheTtlMs', async () => {
  const clock = new ManualClock();
  const r = agentResolver({ agentUrl: url(), cacheTtlMs: 500, clock });
  const before = agent.seen.length;
  await r.resolve('users');
  await r.resolve('users');
  clock.advance(500);
  await r.resolve('users');
  expect(agent.seen.length - before).toBe(2);
  await r.close!();
});

test('404 → ServiceNotFoundError, asked once (a definite answer)', async () => {
  const alarms: InvokeError[] = [];
  const r = agentResolver({ agentUrl: url(), onAlarm: (e) => alarms.push(e) });
  const before = agent.seen.length;
  const err = (await r.resolve('nobody').catch((e: unknown) => e)) as ServiceNotFoundError;
  expect(err).toBeInstanceOf(ServiceNotFoundError);
  expect(err.code).toBe('INV_SERVICE_NOT_FOUND');
  expect(err.message).toContain('no service nobody');
  expect(agent.seen.length - before).toBe(1);
  expect(alarms).toHaveLength(0);
  await r.close!();
});

test('503 is retried 3 times, then alarmed and thrown as ResolveFailedError', async () => {
  mode = 'down';
  const alarms: InvokeError[] = [];
  const clock = new ManualClock();
  const r = agentResolver({ agentUrl: url(), clock, onAlarm: (e) => alarms.push(e) });
  const before = agent.seen.length;
  const pending = r.resolve('users').catch((e: unknown) => e);
  for (let i = 0; i < 500 && agent.seen.length - before < 3; i++) await clock.advanceAsync(50); // the backoff waits run on the clock
  const err = await pending;
  expect(err).toBeInstanceOf(ResolveFailedError);
  expect((err as Error).message).toContain('503');
  expect(agent.seen.length - before).toBe(3);
  expect(alarms).toEqual([err]);
  await r.close!();
});

test('an unreachable agent is retried, then alarmed', async () => {
  const alarms: InvokeError[] = [];
  const clock = new ManualClock();
  const r = agentResolver({ agentUrl: `http://127.0.0.1:${await refusedPort()}`, clock, onAlarm: (e) => alarms.push(e) });
  const pending = r.resolve('users').catch((e: unknown) => e);
  for (let i = 0; i < 500 && alarms.length === 0; i++) await clock.advanceAsync(50);
  expect(await pending).toBeInstanceOf(ResolveFailedError);
  expect(alarms).toHaveLength(1);
  await r.close!();
});

test('a malformed answer is a ResolveFailedError', async () => {
  mode = 'garbage';
  const r = agentResolver({ agentUrl: url(), attempts: 1 });
  await expect(r.resolve('users')).rejects.toThrow(/malformed/);
  await r.close!();
});

test('bad agentUrl is an InvalidArgumentError', () => {
  expect(() => agentResolver({ agentUrl: 'not a url' })).toThrow(InvalidArgumentError);
  expect(() => agentResolver({ agentUrl: 'https://127.0.0.1:1' })).toThrow(InvalidArgumentError);
});
