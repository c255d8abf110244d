import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { balancedApi } from '../../../test/support/cross-pipeline';
import { startTestGateway } from '../../../test/support/harness';

describe('UpstreamOutput over one DownstreamInput pipeline per backend', () => {
  let gw: Gateway;
  let backends: TestBackend[];
  beforeEach(async () => {
    backends = await Promise.all([0, 1, 2].map((i) => startBackend((req, res, body) => res.writeHead(201, { 'x-node': String(i) }).end(`node${i}:${req.method} ${req.url} ${body}`))));
    gw = await startTestGateway();
  });
  afterEach(async () => {
    await gw.stop();
    await Promise.all(backends.map((b) => b.close()));
  });

  it('round_robin spreads requests in turn; status, headers, body, method, URI and request body cross the hop', async () => {
    const base = await balancedApi(gw, backends.map((b) => b.url));
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(`${base}/api/x?i=${i}`, { method: 'POST', body: `b${i}` });
      expect(res.statusCode).toBe(201);
      expect(res.headers['x-node']).toBe(String(i % 3));
      answers.push(await res.body.text());
    }
    expect(answers[0]).toBe('node0:POST /api/x?i=0 b0');
    expect(answers[4]).toBe('node1:POST /api/x?i=4 b4');
    expect(backends.map((b) => b.requests.length)).toEqual([2, 2, 2]);
  });

  it('hash keeps one client value on one backend', async () => {
    const base = await balancedApi(gw, backends.map((b) => b.url), { route_policy: 'hash', value_hashed_keys: ['HTTP_X_USER'] });
    const nodes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await request(`${base}/api/h`, { headers: { 'x-user': 'alice' } });
      nodes.add(String(res.headers['x-node']));
      await res.body.dump();
    }
    expect(nodes.size).toBe(1);
  });

  it('filter routes by a task value and answers 503 when no target matches', async () => {
    const base = await balancedApi(gw, backends.map((b) => b.url), {
      route_policy: 'filter',
      filter_conditions: [{ HTTP_X_CANARY: '^on$' }, { REQUEST_METHOD: '^GET$' }, { REQUEST_METHOD: '^PUT$' }],
    });
    const canary = await request(`${base}/api/f`, { headers: { 'x-canary': 'on' } });
    expect(canary.headers['x-node']).toBe('0');
    await canary.body.dump();
    const plain = await request(`${base}/api/f`);
    expect(plain.headers['x-node']).toBe('1');
    await plain.body.dump();
    const none = await request(`${base}/api/f`, { method: 'DELETE' });
    expect(none.statusCode).toBe(503);
    expect(await none.body.json()).toMatchObject({ code: 'GW_SERVICE_UNAVAILABLE' });
  });

  it('least_wip_requests sends to the idle backend while another one is busy', async () => {
    let hold: (() => void) | undefined;
    const slow = await startBackend((_req, res) => {
      hold = () => res.end('slow');
    });
    const fast = backends[1]!;
    const base = await balancedApi(gw, [slow.url, fast.url], { route_policy: 'least_wip_requests' });
    const first = request(`${base}/api/busy`);
    while (hold === undefined) await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 3; i++) {
      const res = await request(`${base}/api/idle`);
      expect(res.headers['x-node']).toBe('1');
      await res.body.dump();
    }
    hold();
    expect(await (await first).body.text()).toBe('slow');
    await slow.close();
  });
});
