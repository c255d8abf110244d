import { request } from 'undici';
import type { Gateway } from '../../engine/gateway';
import { startBackend, type TestBackend } from '../../../test/support/backend';
import { balancedApi } from '../../../test/support/cross-pipeline';
import { freePort, startTestGateway } from '../../../test/support/harness';

describe('UpstreamOutput fanout and retry', () => {
  let gw: Gateway;
  let held: (() => void)[];
  let fast: TestBackend;
  let slow: TestBackend;
  beforeEach(async () => {
    held = [];
    fast = await startBackend((_req, res) => res.writeHead(200, { 'x-node': 'fast' }).end('fast'));
    slow = await startBackend((_req, res) => held.push(() => res.writeHead(200, { 'x-node': 'slow' }).end('slow')));
    gw = await startTestGateway();
  });
  afterEach(async () => {
    for (const h of held) h();
    await gw.stop();
    await fast.close();
    await slow.close();
  });

  it('fanout sends to every target but waits only for the flagged ones', async () => {
    const base = await balancedApi(gw, [slow.url, fast.url], { route_policy: 'fanout', target_response_flags: [false, true] });
    const res = await request(`${base}/api/f`);
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('fast');
    // The unflagged target got the call too, and is still working on it.
    while (held.length < 1) await new Promise((r) => setTimeout(r, 5));
    expect(slow.requests.length + held.length).toBeGreaterThanOrEqual(1);
    expect(gw.pipeline('srv0')!.ctx.inFlight()).toBe(1);
    held.shift()!();
    while (gw.pipeline('srv0')!.ctx.inFlight() > 0) await new Promise((r) => setTimeout(r, 5));
  });

  it('fanout: a flagged target that fails fails the task', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const base = await balancedApi(gw, [fast.url, dead], { route_policy: 'fanout', target_response_flags: [true, true] });
    const res = await request(`${base}/api/f`);
    expect(res.statusCode).toBe(502);
    expect(await res.body.json()).toMatchObject({ code: 'GW_BAD_GATEWAY' });
  });

  it('retry falls through a dead target to the next one; the working backend gets the request once', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const base = await balancedApi(gw, [dead, fast.url], { route_policy: 'retry' });
    for (let i = 0; i < 4; i++) {
      const res = await request(`${base}/api/r`, { method: 'POST', body: `n${i}` });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe('fast');
    }
    expect(fast.requests.map((r) => r.body)).toEqual(['n0', 'n1', 'n2', 'n3']);
  });

  it('retry reports only the last target’s error when every target fails', async () => {
    const base = await balancedApi(gw, [`http://127.0.0.1:${await freePort()}`, slow.url], { route_policy: 'retry', timeout_sec: 0.3 });
    const res = await request(`${base}/api/r`);
    expect(res.statusCode).toBe(503);
    expect(await res.body.json()).toMatchObject({ code: 'GW_CROSS_PIPELINE_TIMEOUT', message: expect.stringContaining('srv1') as unknown });
  });
});
